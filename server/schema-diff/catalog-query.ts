// Catalog queries through an ordinary query session: every engine's driver already runs
// SQL and returns text cells, so reading a schema needs nothing more from it.
import type { QuerySession } from '../db/driver.ts';
import type { CatalogQuery, CatalogRow } from './engine.ts';

export function catalogQuery(session: QuerySession): CatalogQuery {
  return async <K extends string>(sql: string) => {
    const rows: CatalogRow<K>[] = [];
    let names: string[] = [];
    for await (const event of session.run(sql, { batchSize: 5000 })) {
      if (event.kind === 'columns') names = event.columns.map((c) => c.name);
      else if (event.kind === 'rows') {
        for (const cells of event.rows) {
          const row = {} as CatalogRow<K>;
          for (let i = 0; i < names.length; i++) row[names[i] as K] = cells[i] ?? null;
          rows.push(row);
        }
      }
    }
    return rows;
  };
}
