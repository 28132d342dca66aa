// PostgreSQL's part of the data explorer (table-data/engine.ts). Every statement goes
// through the extended protocol (queryMode "extended"), which refuses a text holding more
// than one statement: a `;` smuggled into the WHERE box cannot start a second one.
import type pg from 'pg';
import type { TableDataEngine } from '../../table-data/engine.ts';
import { DatabaseError } from '../errors.ts';
import { negotiate } from './connect.ts';
import { RAW_TEXT } from './types.ts';

const quoteText = (text: string) => `'${text.replace(/'/g, "''")}'`;

export const postgresTableData: TableDataEngine<'postgres'> = {
  async open(target) {
    const { client } = await negotiate(target);
    let lost = false;
    client.on('error', () => (lost = true)); // a lost backend: the pool drops this connection
    client.on('end', () => (lost = true));
    return {
      get lost() {
        return lost;
      },
      async query(sql, params) {
        let result: pg.QueryResult<unknown[]>;
        try {
          result = await client.query({ text: sql, values: params, rowMode: 'array', types: RAW_TEXT, queryMode: 'extended' } as pg.QueryArrayConfig);
        } catch (error) {
          const { message, code } = error as { message: string; code?: string };
          throw new DatabaseError(message, { sqlState: code ?? null, position: null });
        }
        return { rows: result.rows as (string | null)[][], affectedRows: result.rowCount ?? 0, insertId: null };
      },
      close: () => client.end().catch(() => {}),
    };
  },
  placeholder: (n) => `$${n}`,
  begin: (readOnly) => [readOnly ? 'START TRANSACTION READ ONLY' : 'START TRANSACTION'],
  finish: (_readOnly, commit) => [commit ? 'COMMIT' : 'ROLLBACK'],
  isBinary: (dataType) => dataType === 'bytea',
  readExpression: (column, binary) => (binary ? `upper(encode(${column}, 'hex'))` : `${column}::text`),
  nullSafeEquals: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
  like: 'ILIKE',
  nullsFirstAscending: false,
  insertDefaults: 'DEFAULT VALUES',

  async extras(connection, schema, table) {
    const name = `${quoteIdent(schema)}.${quoteIdent(table)}`;
    const auto = await connection.query(
      `SELECT a.attname FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
         AND (a.attidentity <> '' OR a.attgenerated <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%')
       ORDER BY a.attnum`,
      [name],
    );
    const links = await connection.query(
      `SELECT c.conname, n.nspname, t.relname,
         array_to_json(ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.ord))::text,
         array_to_json(ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.ord))::text
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE c.contype = 'f' AND c.confrelid = to_regclass($1)
       ORDER BY n.nspname, t.relname, c.conname`,
      [name],
    );
    return {
      autoIncrement: auto.rows.map((row) => row[0]!),
      referencedBy: links.rows.map(([constraint, schemaName, tableName, columns, referenced]) => ({
        name: constraint!,
        schema: schemaName!,
        table: tableName!,
        columns: JSON.parse(columns!) as string[],
        referencedColumns: JSON.parse(referenced!) as string[],
      })),
    };
  },

  literal(value) {
    if (value === null) return 'NULL';
    if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'::bytea`;
    return quoteText(value);
  },
};

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
