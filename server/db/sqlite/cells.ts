// SQLite values → cells (text exactly as the sqlite3 CLI prints them) and result columns.
// Runs inside the worker.
//
// - INTEGER: read as BigInt (safe integers), printed in full — no 2^53 rounding.
// - REAL: what the CLI prints is sqlite3_column_text(): since SQLite 3.43 that is "%!.17g"
//   reduced to fewer digits when those round-trip (0.1 → "0.1", 1/3.0 →
//   "0.33333333333333332"), so no precision is lost. SQLite's own digit generation has
//   quirks, so the exact text comes from SQLite itself (CAST(? AS TEXT) on a private
//   in-memory connection), except on a fast path where JavaScript's shortest round-trip
//   digits are what SQLite prints (see fastRealText).
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

  // The cache comes first: a repeated value (the common case in real columns) costs one
  // lookup instead of digit generation.
  #real(value: number): string {
    let text = this.#reals.get(value);
    if (text === undefined) {
      text = fastRealText(value) ?? this.#realToText.get(value)!;
      if (this.#reals.size >= 4096) this.#reals.clear();
      this.#reals.set(value, text);
    }
    return text;
  }
}

const SMALLEST_NORMAL = 2.2250738585072014e-308;

/**
 * SQLite's text for a REAL, computed in JavaScript where that is safe: when the shortest
 * round-trip form has at most 13 significant digits, SQLite's 17-digit rendering reduces
 * to exactly those digits. Not when the exact value's first digit is 9 (digits starting
 * with 9, or a power of ten whose double lies just below it), where SQLite keeps more
 * digits; nor for subnormals. Those go to SQLite. This rule was established by comparing
 * with SQLite on ~9.5 million values (no difference), not derived from its source;
 * sqlite.test.ts keeps checking it against SQLite on 60,000 values of every magnitude.
 */
function fastRealText(value: number): string | null {
  if (value === 0) return '0.0';
  if (!Number.isFinite(value) || Math.abs(value) < SMALLEST_NORMAL) return null;
  const text = value.toExponential(); // shortest round-trip digits: "-1.2345e+2"
  const e = text.indexOf('e');
  const negative = text.charCodeAt(0) === 45; // '-'
  const mantissa = text.slice(negative ? 1 : 0, e);
  const digits = mantissa.length === 1 ? mantissa : mantissa[0] + mantissa.slice(2);
  if (digits.length > 13 || digits[0] === '9' || digits === '1') return null;
  const exponent = Number(text.slice(e + 1));
  let out: string;
  if (exponent < -4 || exponent > 16) {
    // "%!.17g" switches to exponent form here; "!" keeps ".0" and two exponent digits.
    out = `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  } else if (exponent < 0) {
    out = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  } else if (digits.length > exponent + 1) {
    out = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  } else {
    out = `${digits.padEnd(exponent + 1, '0')}.0`;
  }
  return negative ? `-${out}` : out;
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
