// Each engine's schema-diff support, from its home. The only place that maps an engine to it.
import { mysqlSchemaDdl } from '../db/mysql/schema-ddl.ts';
import { mysqlSchemaReader } from '../db/mysql/schema-model.ts';
import { postgresSchemaDdl } from '../db/postgres/schema-ddl.ts';
import { postgresSchemaReader } from '../db/postgres/schema-model.ts';
import { sqliteSchemaDdl } from '../db/sqlite/schema-ddl.ts';
import { sqliteSchemaReader } from '../db/sqlite/schema-model.ts';
import type { SchemaDiffEngines } from './engine.ts';

export const SCHEMA_DIFF_ENGINES: SchemaDiffEngines = {
  sqlite: { reader: sqliteSchemaReader, ddl: sqliteSchemaDdl, sessionSchemaSql: `SELECT 'main' AS name` },
  postgres: { reader: postgresSchemaReader, ddl: postgresSchemaDdl, sessionSchemaSql: 'SELECT current_schema() AS name' },
  mysql: { reader: mysqlSchemaReader, ddl: mysqlSchemaDdl, sessionSchemaSql: 'SELECT DATABASE() AS name' },
};
