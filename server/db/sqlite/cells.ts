// SQLite values → cells (text exactly as the sqlite3 CLI prints them) and result columns.
// Runs inside the worker.
//
// - INTEGER: read as BigInt (safe integers), printed in full — no 2^53 rounding.
// - REAL: rendered by SQLite itself (CAST(? AS TEXT) on a private in-memory connection),
//   because that is what the CLI prints (sqlite3_column_text): since SQLite 3.43 that is
//   "%!.17g" reduced to the shortest form that round-trips (0.1 → "0.1", 1/3.0 →
//   "0.33333333333333332"), so no precision is lost. Re-implementing it in JS would drift
//   from SQLite's own digit generation.
// - TEXT as is; NULL → null.
// - BLOB: the CLI's list mode writes raw bytes, which a grid cannot show; we print the SQL
//   literal that `quote()` gives (X'CAFE'), lossless and unambiguous.
import Database from 'better-sqlite3';
import type { ResultColumn } from '../../protocol/index.ts';

type Cell = string | null;

export class CellRenderer {
  readonly #realToText: Database.Statement<[number], string>;
  // Real columns often repeat values (prices, rates): remember recent renderings.
  readonly #reals = new Map<number, string>();

  constructor() {
    const memory = new Database(':memory:');
    this.#realToText = memory.prepare<[number], string>('SELECT CAST(? AS TEXT)').pluck();
  }

  render(value: unknown): Cell {
    switch (typeof value) {
      case 'bigint':
        return value.toString();
      case 'string':
        return value;
      case 'number':
        return this.#real(value);
      default:
        if (value === null || value === undefined) return null;
        if (value instanceof Uint8Array) return `X'${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex').toUpperCase()}'`;
        return String(value);
    }
  }

  renderRow(row: unknown[]): Cell[] {
    const cells = new Array<Cell>(row.length);
    for (let i = 0; i < row.length; i++) cells[i] = this.render(row[i]);
    return cells;
  }

  #real(value: number): string {
    let text = this.#reals.get(value);
    if (text === undefined) {
      text = this.#realToText.get(value)!;
      if (this.#reals.size >= 4096) this.#reals.clear();
      this.#reals.set(value, text);
    }
    return text;
  }
}

/** SQLite's type affinity rules (https://sqlite.org/datatype3.html#determination_of_column_affinity). */
function isNumericDeclaredType(declared: string): boolean {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return true;
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT') || type.includes('BLOB')) return false;
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return true;
  // NUMERIC affinity also covers DATE, DATETIME and BOOLEAN, which hold text as often as
  // numbers; only the names that say "number" are treated as numeric.
  return type.includes('NUM') || type.includes('DEC');
}

const STORAGE_CLASS: Record<string, string> = { bigint: 'INTEGER', number: 'REAL', string: 'TEXT', object: 'BLOB' };

/**
 * Result columns: the declared type where the column comes straight from a table, else
 * (expressions) the storage class of the first non-null value in the first batch, else ''.
 */
export function resultColumns(columns: { name: string; type: string | null }[], firstRows: unknown[][]): ResultColumn[] {
  return columns.map((column, index) => {
    if (column.type) return { name: column.name, type: column.type, numeric: isNumericDeclaredType(column.type) };
    const sample = firstRows.find((row) => row[index] !== null && row[index] !== undefined)?.[index];
    const type = sample === undefined ? '' : (STORAGE_CLASS[typeof sample] ?? '');
    return { name: column.name, type, numeric: type === 'INTEGER' || type === 'REAL' };
  });
}
