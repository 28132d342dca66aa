// Each engine's imports, from its home. The only place that maps an engine to them.
import { mysqlImport } from '../db/mysql/import.ts';
import { postgresImport } from '../db/postgres/import.ts';
import { sqliteImport } from '../db/sqlite/import.ts';
import type { ConnectTarget } from '../db/driver.ts';
import type { Engine } from '../protocol/index.ts';
import type { EngineImport, ImportEngines } from './engine.ts';

export const IMPORT_ENGINES: ImportEngines = {
  mysql: mysqlImport,
  postgres: postgresImport,
  sqlite: sqliteImport,
};

/** The target's engine import, typed to take that target. */
export function importFor(target: Pick<ConnectTarget, 'engine'>, engines: ImportEngines = IMPORT_ENGINES): EngineImport<Engine> {
  return engines[target.engine] as EngineImport<Engine>;
}
