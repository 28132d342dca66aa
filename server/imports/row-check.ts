// One record of the file → the values of the table's row: the record's number of values
// checked (CSV), each column's value checked and put in its canonical form. The job uses it,
// and so does an engine that imports in a thread of its own (SQLite), with the same words.
import type { ImportColumnType } from '../protocol/index.ts';
import { converter, INVALID, type ValueStyle } from './infer.ts';

export interface CheckedColumn {
  column: string;
  type: ImportColumnType;
  /** Index of the value in the record. */
  source: number;
}

/**
 * Writes the row's values into `out` from `offset`; returns why the record is rejected
 * (a sentence, without its line), or null. `sourceCount`: the values each record must
 * have, or null when not checked (JSON).
 */
export type RowCheck = (values: (string | null)[], out: unknown[], offset: number) => string | null;

export function rowCheck(columns: CheckedColumn[], style: ValueStyle, sourceCount: number | null): RowCheck {
  const converters = columns.map((c) => converter(c.type, style));
  const sources = columns.map((c) => c.source);
  return (values, out, offset) => {
    if (sourceCount !== null && values.length !== sourceCount) {
      return `${values.length} value${values.length === 1 ? '' : 's'} where the file's rows have ${sourceCount}.`;
    }
    for (let i = 0; i < sources.length; i++) {
      const raw = values[sources[i]!] ?? null;
      const value = converters[i]!(raw);
      if (value === INVALID) {
        const text = raw ?? '';
        return `"${text.length > 60 ? `${text.slice(0, 60)}…` : text}" is not a valid ${columns[i]!.type} (column ${columns[i]!.column}).`;
      }
      out[offset + i] = value;
    }
    return null;
  };
}
