// Each engine's data-explorer part, from its home. The only place that maps an engine to it.
import { mysqlTableData } from '../db/mysql/table-data.ts';
import { postgresTableData } from '../db/postgres/table-data.ts';
import { sqliteTableData } from '../db/sqlite/table-data.ts';
import type { Engine } from '../protocol/index.ts';
import type { TableDataEngine, TableDataEngines } from './engine.ts';

export const TABLE_DATA_ENGINES: TableDataEngines = {
  mysql: mysqlTableData,
  postgres: postgresTableData,
  sqlite: sqliteTableData,
};

/** The engine's part, typed to take any target of that engine (TypeScript cannot relate the two unions). */
export function tableDataFor(engine: Engine): TableDataEngine<Engine> {
  return TABLE_DATA_ENGINES[engine] as TableDataEngine<Engine>;
}
