// MySQL / MariaDB's DDL: SHOW CREATE TABLE / VIEW, as the server writes it.
import type { EngineDdl } from '../../ddl/engine.ts';
import { queryRows } from '../../ddl/query-rows.ts';
import { DIALECTS, quoteIdentifier } from '../../protocol/index.ts';

export const mysqlDdl: EngineDdl<'mysql'> = {
  async ddl(_target, driver, { schema, name, kind }) {
    const quoted = quoteIdentifier(DIALECTS.mysql, name);
    const qualified = schema ? `${quoteIdentifier(DIALECTS.mysql, schema)}.${quoted}` : quoted;
    const statement = kind === 'view' ? 'SHOW CREATE VIEW' : 'SHOW CREATE TABLE';
    const [row] = await queryRows(driver, `${statement} ${qualified}`);
    return { ddl: `${row?.[1] ?? ''};`, source: statement };
  },
};
