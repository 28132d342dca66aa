// Inside the SQLite worker: one data-explorer statement with bound parameters. better-sqlite3
// prepares exactly one statement (a text holding more is refused), so nothing can be
// smuggled behind a `;`. Cells as the query results print them (cells.ts), blobs as hex.
import type Database from 'better-sqlite3';
import { CellRenderer } from './cells.ts';

let renderer: CellRenderer | null = null;

export interface DataOutcome {
  rows: (string | null)[][];
  affectedRows: number;
  insertId: string | null;
}

export function runDataStatement(db: Database.Database, sql: string, params: (string | null | Uint8Array)[]): DataOutcome {
  renderer ??= new CellRenderer();
  const statement = db.prepare(sql).safeIntegers(true);
  const values = params.map((value) => (value instanceof Uint8Array ? Buffer.from(value) : value));
  if (statement.reader) {
    const rows = (statement.raw(true).all(...values) as unknown[][]).map((row) => row.map(cell));
    return { rows, affectedRows: rows.length, insertId: null };
  }
  const { changes, lastInsertRowid } = statement.run(...values);
  return { rows: [], affectedRows: changes, insertId: String(lastInsertRowid) };
}

function cell(value: unknown): string | null {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex').toUpperCase();
  return renderer!.render(value);
}
