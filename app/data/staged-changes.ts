// Edits staged in a data tab before Save: cell edits of existing rows (with the values as
// read, so the server can tell a row changed meanwhile), new rows, deleted rows. Plain and
// immutable, so the grid re-renders on each change; toChanges() is what Save previews.
import type { Change, TableInfo } from '../../server/protocol/index.ts';

type Cell = string | null;
type Values = Record<string, Cell>;

export interface StagedEdit {
  key: Values;
  original: Values;
  values: Values;
}

export interface Staged {
  /** By row id (rowId()). */
  edits: Record<string, StagedEdit>;
  inserts: { id: number; values: Values }[];
  deletes: Record<string, Values>;
}

export const EMPTY: Staged = { edits: {}, inserts: [], deletes: {} };

/** A row's identity in the staging: its key values. */
export function rowId(info: TableInfo, columns: string[], row: Cell[]): string {
  return JSON.stringify((info.key ?? []).map((name) => row[columns.indexOf(name)] ?? null));
}

function keyOf(info: TableInfo, columns: string[], row: Cell[]): Values {
  return Object.fromEntries((info.key ?? []).map((name) => [name, row[columns.indexOf(name)] ?? null]));
}

/** Sets one cell of a read row; setting it back to what was read drops the edit. */
export function editCell(staged: Staged, info: TableInfo, columns: string[], row: Cell[], column: string, value: Cell): Staged {
  const id = rowId(info, columns, row);
  const read = row[columns.indexOf(column)] ?? null;
  const edit = staged.edits[id] ?? { key: keyOf(info, columns, row), original: {}, values: {} };
  const original = { ...edit.original };
  const values = { ...edit.values };
  if (value === read) {
    delete original[column];
    delete values[column];
  } else {
    original[column] = read;
    values[column] = value;
  }
  const edits = { ...staged.edits };
  if (Object.keys(values).length) edits[id] = { key: edit.key, original, values };
  else delete edits[id];
  return { ...staged, edits };
}

let nextInsert = 1;

/** A new row; `values` holds only what is given (the rest gets the columns' defaults). */
export function insertRow(staged: Staged, values: Values = {}): Staged {
  return { ...staged, inserts: [...staged.inserts, { id: nextInsert++, values }] };
}

/** A new row holding a row's values, except the columns the database fills (auto-increment). */
export function duplicateRow(staged: Staged, info: TableInfo, columns: string[], row: Cell[]): Staged {
  const values: Values = {};
  for (const column of info.columns) if (!column.autoIncrement) values[column.name] = row[columns.indexOf(column.name)] ?? null;
  return insertRow(staged, values);
}

export function editInsert(staged: Staged, id: number, column: string, value: Cell): Staged {
  return { ...staged, inserts: staged.inserts.map((insert) => (insert.id === id ? { ...insert, values: { ...insert.values, [column]: value } } : insert)) };
}

export function removeInsert(staged: Staged, id: number): Staged {
  return { ...staged, inserts: staged.inserts.filter((insert) => insert.id !== id) };
}

/** Marks rows deleted (or, when all are already marked, unmarks them). */
export function toggleDeletes(staged: Staged, info: TableInfo, columns: string[], rows: Cell[][]): Staged {
  const ids = rows.map((row) => rowId(info, columns, row));
  const deletes = { ...staged.deletes };
  const unmark = ids.every((id) => id in deletes);
  rows.forEach((row, i) => {
    if (unmark) delete deletes[ids[i]!];
    else deletes[ids[i]!] = keyOf(info, columns, row);
  });
  return { ...staged, deletes };
}

export function stagedCount(staged: Staged): number {
  return Object.keys(staged.edits).length + staged.inserts.length + Object.keys(staged.deletes).length;
}

/** The change set Save sends: updates, then inserts, then deletes (an edited row that is also deleted is only deleted). */
export function toChanges(staged: Staged): Change[] {
  const updates: Change[] = Object.entries(staged.edits)
    .filter(([id]) => !(id in staged.deletes))
    .map(([, edit]) => ({ kind: 'update', key: edit.key, original: edit.original, values: edit.values }));
  const inserts: Change[] = staged.inserts.map((insert) => ({ kind: 'insert', values: insert.values }));
  const deletes: Change[] = Object.values(staged.deletes).map((key) => ({ kind: 'delete', key }));
  return [...updates, ...inserts, ...deletes];
}
