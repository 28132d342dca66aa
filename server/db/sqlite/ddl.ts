// SQLite's DDL: the statements it keeps in sqlite_master — the table or view, then its
// indexes and triggers (automatic indexes have none).
import { AppError } from '../../errors.ts';
import type { EngineDdl } from '../../ddl/engine.ts';
import { queryRows, standardLiteral } from '../../ddl/query-rows.ts';
import { DIALECTS, quoteIdentifier } from '../../protocol/index.ts';

export const sqliteDdl: EngineDdl<'sqlite'> = {
  async ddl(_target, driver, { schema, name }) {
    const master = `${quoteIdentifier(DIALECTS.sqlite, schema)}.sqlite_master`;
    const rows = await queryRows(driver, `SELECT sql FROM ${master} WHERE tbl_name = ${standardLiteral(name)} AND sql IS NOT NULL ORDER BY type NOT IN ('table', 'view'), type, name`);
    if (!rows.length) throw new AppError('not_found', `No table or view ${schema}.${name}.`, 404);
    return { ddl: rows.map((r) => `${r[0]};`).join('\n\n'), source: 'sqlite_master' };
  },
};
