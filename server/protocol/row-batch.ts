// Row batches on /ws/query travel as binary frames, because JSON is the slowest part of
// streaming a large result (≈2× slower to build, ≈3× slower to read than this):
//
//   <header JSON>\n<row>\x1e<row>\x1e…     row  = <cell>\x1f<cell>\x1f…
//                                           cell = its text, or \x00 for NULL
//
// A batch with a cell containing one of those three characters (rare: they are control
// characters) is sent as a JSON `rows` message instead, so nothing is ever misread.
// Isomorphic: the server encodes, the browser (and tests) decode. The server writes the
// same bytes straight into a Buffer (row-batch-buffer.ts, Node only, not exported here).
import type { QueryServerMessage } from './query.ts';

const CELL_SEPARATOR = '\x1f';
const ROW_SEPARATOR = '\x1e';
const NULL_CELL = '\x00';
const RESERVED = /[\x00\x1e\x1f]/;

export type Rows = (string | null)[][];
export type RowsMessage = Extract<QueryServerMessage, { type: 'rows' }>;

export interface RowBatchHeader {
  type: 'rows';
  id: string;
  index: number;
  count: number;
}

/** The frame's text, or null when a cell holds a reserved character (send JSON then). */
export function encodeRowBatch(id: string, index: number, rows: Rows): string | null {
  const payload = encodeRows(rows);
  return payload === null ? null : rowBatchFrame(id, index, rows.length, payload);
}

/** A frame around rows that are already encoded (encodeRows). */
export function rowBatchFrame(id: string, index: number, count: number, payload: string): string {
  const header: RowBatchHeader = { type: 'rows', id, index, count };
  return `${JSON.stringify(header)}\n${payload}`;
}

export function decodeRowBatch(text: string): RowsMessage {
  const { header, payload } = splitRowBatch(text);
  return { type: 'rows', id: header.id, index: header.index, rows: decodeRows(payload, header.count) };
}

/** The frame's header and its rows still encoded (the browser indexes them instead of splitting). */
export function splitRowBatch(text: string): { header: RowBatchHeader; payload: string } {
  const newline = text.indexOf('\n');
  return { header: JSON.parse(text.slice(0, newline)) as RowBatchHeader, payload: text.slice(newline + 1) };
}

/**
 * Just the rows, in the same encoding — also how a SQLite session process hands batches to
 * the server, one string instead of thousands. Null when it cannot represent them.
 */
export function encodeRows(rows: Rows): string | null {
  if (rows.length === 0 || rows[0]!.length === 0) return null; // zero columns: nothing to separate
  let text = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (r) text += ROW_SEPARATOR;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (c) text += CELL_SEPARATOR;
      if (cell === null || cell === undefined) text += NULL_CELL;
      else if (RESERVED.test(cell)) return null;
      else text += cell;
    }
  }
  return text;
}

export function decodeRows(payload: string, count: number): Rows {
  const lines = payload.split(ROW_SEPARATOR);
  if (lines.length !== count) throw new Error(`Row batch says ${count} rows but holds ${lines.length}.`);
  const rows: Rows = new Array(lines.length);
  for (let r = 0; r < lines.length; r++) {
    const cells: (string | null)[] = lines[r]!.split(CELL_SEPARATOR);
    for (let c = 0; c < cells.length; c++) if (cells[c] === NULL_CELL) cells[c] = null;
    rows[r] = cells;
  }
  return rows;
}
