// Each engine's backups, from its home. The only place that maps an engine to them.
import { mysqlBackup } from '../db/mysql/backup.ts';
import { postgresBackup } from '../db/postgres/backup.ts';
import { sqliteBackup } from '../db/sqlite/backup.ts';
import type { ConnectTarget } from '../db/driver.ts';
import type { Engine } from '../protocol/index.ts';
import type { BackupEngines, EngineBackup } from './engine.ts';

export const BACKUP_ENGINES: BackupEngines = {
  mysql: mysqlBackup,
  postgres: postgresBackup,
  sqlite: sqliteBackup,
};

/** The target's engine backup, typed to take that target (TypeScript cannot relate the two unions). */
export function backupFor(target: Pick<ConnectTarget, 'engine'>, engines: BackupEngines = BACKUP_ENGINES): EngineBackup<Engine> {
  return engines[target.engine] as EngineBackup<Engine>;
}
