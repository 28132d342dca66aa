// MySQL / MariaDB's part of the data explorer (table-data/engine.ts). Statements with
// parameters are server-side prepared (`execute`), which takes exactly one statement; the
// others go as text on a connection without multi-statement support, which the server
// refuses to split — so a `;` in the WHERE box cannot start a second statement either way.
import type { ResultSetHeader } from 'mysql2';
import type { ForeignLink } from '../../protocol/index.ts';
import type { TableDataEngine } from '../../table-data/engine.ts';
import { DatabaseError } from '../errors.ts';
import { negotiate } from './connect.ts';

type Cell = string | null;

export const mysqlTableData: TableDataEngine<'mysql'> = {
  async open(target) {
    const { connection } = await negotiate(target);
    let lost = false;
    connection.on('error', () => (lost = true)); // a lost connection: the pool drops it
    connection.on('end', () => (lost = true));
    return {
      get lost() {
        return lost;
      },
      query(sql, params) {
        return new Promise((resolve, reject) => {
          const done = (error: unknown, result: unknown) => {
            if (error) {
              const { message, sqlState, errno } = error as { message: string; sqlState?: string; errno?: number };
              return reject(new DatabaseError(errno ? `${message} (error ${errno})` : message, { sqlState: sqlState ?? null }));
            }
            if (Array.isArray(result)) return resolve({ rows: (result as unknown[][]).map(toCells), affectedRows: 0, insertId: null });
            const header = result as ResultSetHeader;
            resolve({ rows: [], affectedRows: header.affectedRows, insertId: header.insertId ? String(header.insertId) : null });
          };
          if (params.length) connection.execute({ sql, values: params, rowsAsArray: true }, done);
          else connection.query({ sql, rowsAsArray: true }, done);
        });
      },
      close: () =>
        new Promise<void>((resolve) => {
          connection.end(() => resolve());
        }),
    };
  },
  placeholder: () => '?',
  begin: (readOnly) => [readOnly ? 'START TRANSACTION READ ONLY' : 'START TRANSACTION'],
  finish: (_readOnly, commit) => [commit ? 'COMMIT' : 'ROLLBACK'],
  isBinary: (dataType) => /binary|blob/i.test(dataType),
  readExpression: (column, binary) => (binary ? `HEX(${column})` : `CAST(${column} AS CHAR)`),
  nullSafeEquals: (a, b) => `${a} <=> ${b}`,
  like: 'LIKE', // case-insensitive in the connection's utf8mb4 collation
  nullsFirstAscending: true,
  insertDefaults: '() VALUES ()',

  async extras(connection, schema, table) {
    const auto = await connection.query(
      "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND (EXTRA LIKE '%auto_increment%' OR GENERATION_EXPRESSION IS NOT NULL AND GENERATION_EXPRESSION <> '') ORDER BY ORDINAL_POSITION",
      [schema, table],
    );
    const links = await connection.query(
      `SELECT CONSTRAINT_NAME, TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
       WHERE REFERENCED_TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME = ? ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
      [schema, table],
    );
    const byName = new Map<string, ForeignLink>();
    for (const [name, fromSchema, fromTable, column, referenced] of links.rows) {
      const id = `${fromSchema}.${fromTable}.${name}`;
      const link = byName.get(id) ?? { name: name!, schema: fromSchema!, table: fromTable!, columns: [], referencedColumns: [] };
      link.columns.push(column!);
      link.referencedColumns.push(referenced!);
      byName.set(id, link);
    }
    return { autoIncrement: auto.rows.map((row) => row[0]!), referencedBy: [...byName.values()] };
  },

  literal(value) {
    if (value === null) return 'NULL';
    if (Buffer.isBuffer(value)) return `X'${value.toString('hex').toUpperCase()}'`;
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  },
};

function toCells(row: unknown[]): Cell[] {
  return row.map((value) => (value === null || value === undefined ? null : Buffer.isBuffer(value) ? value.toString('hex').toUpperCase() : String(value)));
}
