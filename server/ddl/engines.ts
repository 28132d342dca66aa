// Each engine's "Show DDL", from its home. The only place that maps an engine to it.
import type { ConnectTarget } from '../db/driver.ts';
import { mysqlDdl } from '../db/mysql/ddl.ts';
import { postgresDdl } from '../db/postgres/ddl.ts';
import { sqliteDdl } from '../db/sqlite/ddl.ts';
import type { Engine } from '../protocol/index.ts';
import type { DdlEngines, EngineDdl } from './engine.ts';

export const DDL_ENGINES: DdlEngines = { mysql: mysqlDdl, postgres: postgresDdl, sqlite: sqliteDdl };

/** The target's engine DDL, typed to take that target (TypeScript cannot relate the two unions). */
export function ddlFor(target: Pick<ConnectTarget, 'engine'>): EngineDdl<Engine> {
  return DDL_ENGINES[target.engine] as EngineDdl<Engine>;
}
