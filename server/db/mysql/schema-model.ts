// MySQL / MariaDB's catalog as the schema diff's model, from information_schema: one query
// per kind for the whole schema (database). Defaults are read as MariaDB writes them
// (SQL expressions: 'text', 0, current_timestamp()); view texts lose their own schema's
// qualifier so two databases compare equal.
import type { ModelTable, SchemaModel } from '../../protocol/index.ts';
import type { CatalogQuery, CatalogRow as AnyRow, SchemaReader } from '../../schema-diff/engine.ts';

const lit = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

function groupBy(rows: CatalogRow[], key: (row: CatalogRow) => string): Map<string, CatalogRow[]> {
  const map = new Map<string, CatalogRow[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

/** The catalog columns this reader asks for. */
type Column = 'name' | 'tbl' | 'type' | 'nullable' | 'dflt' | 'extra' | 'nonunique' | 'col' | 'sub' | 'dir' | 'ref' | 'refcol' | 'ondelete' | 'onupdate' | 'clause' | 'def';
type CatalogRow = AnyRow<Column>;

export const mysqlSchemaReader: SchemaReader = {
  async read(ask: CatalogQuery, schema: string): Promise<SchemaModel> {
    const query = (sql: string) => ask<Column>(sql);
    const s = lit(schema);
    const tableRows = await query(`SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${s} AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`);
    const columns = await query(
      `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ${s} ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    );
    const keys = await query(
      `SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, NON_UNIQUE AS nonunique, COLUMN_NAME AS col, SUB_PART AS sub, COLLATION AS dir, INDEX_TYPE AS type
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ${s} ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    );
    const foreignKeys = await query(
      `SELECT k.TABLE_NAME AS tbl, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_NAME AS ref, k.REFERENCED_COLUMN_NAME AS refcol,
              r.DELETE_RULE AS ondelete, r.UPDATE_RULE AS onupdate
         FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
           ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
        WHERE k.TABLE_SCHEMA = ${s} ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    );
    const checks = await query(
      `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS
        WHERE CONSTRAINT_SCHEMA = ${s} ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
    );
    const views = await query(`SELECT TABLE_NAME AS name, VIEW_DEFINITION AS def FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ${s} ORDER BY TABLE_NAME`);

    const tables = new Map<string, ModelTable>(
      tableRows.map((r) => [r.name!, { name: r.name!, columns: [], primaryKey: null, uniques: [], indexes: [], foreignKeys: [], checks: [] }]),
    );
    for (const c of columns) {
      tables.get(c.tbl!)?.columns.push({
        name: c.name!,
        type: c.type!,
        nullable: c.nullable === 'YES',
        default: c.dflt === null || c.dflt === 'NULL' ? null : c.dflt,
        identity: /auto_increment/i.test(c.extra ?? '') ? 'auto-increment' : null,
      });
    }
    for (const [key, rows] of groupBy(keys, (r) => `${r.tbl}\u0000${r.name}`)) {
      const table = tables.get(key.split('\u0000')[0]!);
      if (!table) continue;
      const first = rows[0]!;
      const columnsOf = rows.map((r) => `${r.col}${r.sub === null ? '' : `(${r.sub})`}`);
      if (first.name === 'PRIMARY') {
        table.primaryKey = { name: null, columns: rows.map((r) => r.col!) };
        continue;
      }
      const kind = first.type === 'FULLTEXT' || first.type === 'SPATIAL' ? `${first.type} ` : '';
      const parts = rows.map((r) => `\`${r.col!.replaceAll('`', '``')}\`${r.sub === null ? '' : `(${r.sub})`}${r.dir === 'D' ? ' DESC' : ''}`);
      table.indexes.push({ name: first.name!, unique: first.nonunique === '0', columns: columnsOf, definition: `${kind}(${parts.join(', ')})` });
    }
    for (const [key, rows] of groupBy(foreignKeys, (r) => `${r.tbl}\u0000${r.name}`)) {
      const first = rows[0]!;
      tables.get(key.split('\u0000')[0]!)?.foreignKeys.push({
        name: first.name,
        columns: rows.map((r) => r.col!),
        refTable: first.ref!,
        refColumns: rows.map((r) => r.refcol!),
        onDelete: first.ondelete ?? 'NO ACTION',
        onUpdate: first.onupdate ?? 'NO ACTION',
      });
    }
    for (const c of checks) tables.get(c.tbl!)?.checks.push({ name: c.name, definition: `CHECK (${c.clause})` });
    const own = new RegExp(`\`${schema.replaceAll('`', '``').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`\\.`, 'g');
    return {
      engine: 'mysql',
      schema,
      tables: [...tables.values()],
      views: views.map((v) => ({ name: v.name!, definition: v.def!.replace(own, '') })),
      enums: [],
      sequences: [],
    };
  },
};
