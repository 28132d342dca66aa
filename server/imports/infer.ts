// Values as the import checks them: the type a sample's values fit (for a new table), the
// check and canonical form of each value against its column's type (a value that does not
// fit rejects its row, with the reason), and safe names for new columns.
import type { ImportColumnType } from '../protocol/index.ts';

const INTEGER = /^[-+]?\d+$/;
const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const BOOLEAN_WORDS = /^(true|false|t|f|yes|no|y|n)$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)$/;
const TIMESTAMPTZ = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?) ?(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const INT64_DIGITS = 18; // every 18-digit integer fits a 64-bit integer

/** Inference order: the first type every sampled value fits wins. */
const ORDER: ImportColumnType[] = ['boolean', 'integer', 'numeric', 'date', 'timestamp', 'timestamptz'];

export function fits(type: ImportColumnType, value: string): boolean {
  switch (type) {
    case 'integer':
      return INTEGER.test(value) && significantDigits(value) <= INT64_DIGITS;
    case 'numeric':
      return NUMERIC.test(value);
    case 'boolean':
      return BOOLEAN_WORDS.test(value);
    case 'date':
      return validDate(value);
    case 'timestamp': {
      const m = TIMESTAMP.exec(value);
      return !!m && validDate(m[1]!) && validTime(m[2]!);
    }
    case 'timestamptz': {
      const m = TIMESTAMPTZ.exec(value);
      return !!m && validDate(m[1]!) && validTime(m[2]!);
    }
    case 'text':
      return true;
  }
}

/** Whether a header cell looks like data rather than a name. */
export function looksTyped(value: string): boolean {
  return value !== '' && ORDER.some((type) => type !== 'boolean' && fits(type, value));
}

/** The narrowest type all non-empty sampled values of each column fit (text when none). */
export function inferTypes(rows: (string | null)[][], columnCount: number): ImportColumnType[] {
  const types: ImportColumnType[] = [];
  for (let c = 0; c < columnCount; c++) {
    let candidates = ORDER;
    let seen = false;
    for (const row of rows) {
      const value = row[c]?.trim();
      if (!value) continue;
      seen = true;
      candidates = candidates.filter((type) => fits(type, value));
      if (!candidates.length) break;
    }
    types.push(seen && candidates.length ? candidates[0]! : 'text');
  }
  return types;
}

/** How an engine writes the values a canonical form cannot carry the same way everywhere. */
export interface ValueStyle {
  /** e.g. "true"/"false" (PostgreSQL) or "1"/"0". */
  boolean(value: boolean): string;
  /** An ISO timestamp with a zone, as the engine's column takes it. */
  timestamptz(value: string): string;
}

/** Returned by a converter for a value that does not fit its column. */
export const INVALID = Symbol('invalid');
export type Converter = (value: string | null) => string | null | typeof INVALID;

/** The check and canonical form of a column's values. Empty text is NULL, except in a text column. */
export function converter(type: ImportColumnType, style: ValueStyle): Converter {
  if (type === 'text') return (value) => value;
  const canonical = canonicalForm(type, style);
  // Per value of a big import: the type's own check, no switch, no copy of a trimmed value.
  return (raw) => {
    if (raw === null) return null;
    const value = raw.trim();
    return value === '' ? null : canonical(value);
  };
}

function canonicalForm(type: Exclude<ImportColumnType, 'text'>, style: ValueStyle): (value: string) => string | typeof INVALID {
  switch (type) {
    case 'integer':
    case 'numeric':
      return (value) => (!fits(type, value) ? INVALID : value.charCodeAt(0) === 43 /* + */ ? value.slice(1) : value);
    case 'boolean': {
      const [yes, no] = [style.boolean(true), style.boolean(false)];
      return (value) => {
        // A boolean column also takes 1 / 0 (not inferred as boolean: they are integers too).
        if (value === '1' || value === 'true') return yes;
        if (value === '0' || value === 'false') return no;
        return !fits(type, value) ? INVALID : /^(true|t|yes|y)$/i.test(value) ? yes : no;
      };
    }
    case 'timestamp':
      return (value) => (!fits(type, value) ? INVALID : value.charCodeAt(10) === 84 /* T */ ? `${value.slice(0, 10)} ${value.slice(11)}` : value);
    case 'timestamptz':
      return (value) => (!fits(type, value) ? INVALID : style.timestamptz(value));
    case 'date':
      return (value) => (!fits(type, value) ? INVALID : value);
  }
}

/** Lower-case letters, digits and "_", not starting with a digit, unique, at most 63 characters. */
export function sanitizeNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name, i) => {
    let base = name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60);
    if (!base) base = `column_${i + 1}`;
    if (/^\d/.test(base)) base = `c_${base}`;
    let candidate = base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base}_${n}`;
    used.add(candidate);
    return candidate;
  });
}

/** Digits of an integer's text without its sign and leading zeros (counted, not sliced: this runs per value). */
function significantDigits(value: string): number {
  let start = value.charCodeAt(0) === 43 || value.charCodeAt(0) === 45 ? 1 : 0;
  while (start < value.length - 1 && value.charCodeAt(start) === 48) start++;
  return value.length - start;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** YYYY-MM-DD naming a day of the calendar (by arithmetic: a Date per value is slow on big imports). */
function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const y = number(value, 0, 4);
  const m = number(value, 5, 7);
  const d = number(value, 8, 10);
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS_IN_MONTH[m - 1]! + (leap ? 1 : 0);
}

/** HH:MM or HH:MM:SS[.fraction], already matched by the timestamp patterns. */
function validTime(value: string): boolean {
  return number(value, 0, 2) < 24 && number(value, 3, 5) < 60 && (value.length < 8 || number(value, 6, 8) < 60);
}

/** The decimal number of the digits value[from, to). */
function number(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + value.charCodeAt(i) - 48;
  return n;
}
