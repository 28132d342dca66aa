// SQLite's part of the data explorer (table-data/engine.ts). Statements run in a worker
// thread of their own (never on the server's event loop), one at a time. A view's queries
// run with `PRAGMA query_only` on, so the WHERE box cannot write.
import type { ForeignLink } from '../../protocol/index.ts';
import type { TableDataEngine } from '../../table-data/engine.ts';
import { WorkerHost } from './worker-host.ts';
import type { DataOutcome } from './table-data-worker.ts';

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

export const sqliteTableData: TableDataEngine<'sqlite'> = {
  async open(target) {
    const host = await WorkerHost.start('thread', { file: target.file, readOnly: target.readOnly });
    return {
      get lost() {
        return host.exited;
      },
      query: (sql, params) => host.request<DataOutcome>({ op: 'data', sql, params }),
      close: () => host.close(),
    };
  },
  placeholder: () => '?', // better-sqlite3 binds positionally (no ?NNN)
  begin: (readOnly) => (readOnly ? ['PRAGMA query_only = ON', 'BEGIN'] : ['BEGIN IMMEDIATE']),
  finish: (readOnly, commit) => [commit ? 'COMMIT' : 'ROLLBACK', ...(readOnly ? ['PRAGMA query_only = OFF'] : [])],
  isBinary: (dataType) => /BLOB/i.test(dataType),
  readExpression: (column, binary) => (binary ? `hex(${column})` : `CAST(${column} AS TEXT)`),
  nullSafeEquals: (a, b) => `${a} IS ${b}`,
  like: 'LIKE', // case-insensitive for ASCII
  nullsFirstAscending: true,
  insertDefaults: 'DEFAULT VALUES',

  async extras(connection, schema, table) {
    const columns = await connection.query(`SELECT name, type, pk FROM pragma_table_info(?, ?) ORDER BY cid`, [table, schema]);
    const keys = columns.rows.filter((row) => row[2] !== '0');
    // A single INTEGER PRIMARY KEY column is the rowid: omitted, it gets the next one.
    const autoIncrement = keys.length === 1 && keys[0]![1]!.toUpperCase() === 'INTEGER' ? [keys[0]![0]!] : [];
    const links = await connection.query(
      `SELECT m.name, f.id, f."from", f."to" FROM ${`"${schema.replace(/"/g, '""')}"`}.sqlite_schema m, pragma_foreign_key_list(m.name, ?) f
       WHERE m.type = 'table' AND f."table" = ? COLLATE NOCASE ORDER BY m.name, f.id, f.seq`,
      [schema, table],
    );
    const primary = keys.sort((a, b) => Number(a[2]) - Number(b[2])).map((row) => row[0]!);
    const byId = new Map<string, ForeignLink>();
    for (const [fromTable, id, from, to] of links.rows) {
      const name = `${fromTable}.${id}`;
      const link = byId.get(name) ?? { name: `${fromTable}_fk_${id}`, schema, table: fromTable!, columns: [], referencedColumns: [] };
      link.columns.push(from!);
      // "REFERENCES t" without columns means t's primary key.
      link.referencedColumns.push(to ?? primary[link.referencedColumns.length] ?? '');
      byId.set(name, link);
    }
    return { autoIncrement, referencedBy: [...byId.values()] };
  },

  literal(value) {
    if (value === null) return 'NULL';
    if (Buffer.isBuffer(value)) return `X'${value.toString('hex').toUpperCase()}'`;
    return quote(value);
  },
};
