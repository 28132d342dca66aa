// Reads a schema's model through one short-lived query session of the connection.
import type { Driver, QuerySession } from '../db/driver.ts';
import type { Engine, SchemaModel } from '../protocol/index.ts';
import { catalogQuery } from './catalog-query.ts';
import type { CatalogQuery, CatalogRow } from './engine.ts';
import { SCHEMA_DIFF_ENGINES } from './engines.ts';

export interface ReadModel {
  model: SchemaModel;
  /** The schema the session's unqualified names land in. */
  sessionSchema: string;
}

export async function readModel(driver: Driver, schema: string): Promise<ReadModel> {
  if (driver.catalog) {
    const catalog = driver.catalog.bind(driver);
    return readWith(<K extends string>(sql: string) => catalog(sql) as Promise<CatalogRow<K>[]>, driver.dialect.engine, schema);
  }
  const session = await driver.openSession();
  try {
    return await readModelWith(session, driver.dialect.engine, schema);
  } finally {
    await session.close();
  }
}

/** Through a session already open; an empty `schema` means the session's own. */
export function readModelWith(session: QuerySession, engineName: Engine, schema: string): Promise<ReadModel> {
  return readWith(catalogQuery(session), engineName, schema);
}

async function readWith(query: CatalogQuery, engineName: Engine, schema: string): Promise<ReadModel> {
  const engine = SCHEMA_DIFF_ENGINES[engineName];
  const [current] = await query<'name'>(engine.sessionSchemaSql);
  const model = await engine.reader.read(query, schema || (current?.name ?? ''));
  return { model, sessionSchema: current?.name ?? '' };
}
