// Each engine's migrations part, from its home. The only place that maps an engine to it.
import { mysqlMigrations } from '../db/mysql/migrations.ts';
import { postgresMigrations } from '../db/postgres/migrations.ts';
import { sqliteMigrations } from '../db/sqlite/migrations.ts';
import type { Engine } from '../protocol/index.ts';
import type { EngineMigrations } from './engine.ts';

export const MIGRATION_ENGINES: Record<Engine, EngineMigrations> = {
  mysql: mysqlMigrations,
  postgres: postgresMigrations,
  sqlite: sqliteMigrations,
};
