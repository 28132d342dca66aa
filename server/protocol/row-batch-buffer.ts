// Row batch frames (row-batch.ts) as bytes, for the server (Node only, so not exported from
// the isomorphic protocol index). Cells are written as UTF-8 straight into one reusable
// buffer, and each frame is copied out of it at its exact size. Profiled on 1,000,000 rows
// (bench/query-stream.ts, MariaDB): building the text with += and then Buffer.from() cost
// more than half of what the driver's own row parsing did — a rope of 40,000 pieces per
// batch, flattened, then encoded, all of it garbage at once.
import { type RowBatchHeader, type Rows } from './row-batch.ts';

let scratch: Buffer | null = null;
/** A scratch buffer grown past this (huge cells) is let go after its frame, not kept. */
const SCRATCH_KEPT = 4 * 1024 * 1024;
/** The encoding's reserved bytes (row-batch.ts), for the engines' packers that write cells straight into frames. */
export const NULL_CELL = 0x00;
export const ROW_SEPARATOR = 0x1e;
export const CELL_SEPARATOR = 0x1f;

function room(used: number, more: number): Buffer {
  if (scratch === null || used + more > scratch.length) {
    const bigger = Buffer.allocUnsafeSlow(Math.max(256 * 1024, 2 * (used + more)));
    scratch?.copy(bigger, 0, 0, used);
    scratch = bigger;
  }
  return scratch;
}

/**
 * The frame's bytes (encodeRowBatch's text as UTF-8), or null when a cell holds a reserved
 * character. ASCII is copied by a plain loop (most cells are short: a native call per cell
 * cost more than the copy); any other text is encoded by Buffer and its bytes checked —
 * UTF-8 never encodes another character with the bytes 0x00, 0x1e or 0x1f.
 */
export function encodeRowBatchBuffer(id: string, index: number, rows: Rows): Buffer | null {
  if (rows.length === 0 || rows[0]!.length === 0) return null;
  const columns = rows[0]!.length;
  const header: RowBatchHeader = { type: 'rows', id, index, count: rows.length };
  const head = `${JSON.stringify(header)}\n`;
  let buffer = room(0, head.length * 3);
  let used = buffer.write(head, 0);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length !== columns) return null;
    if (r) buffer[used++] = ROW_SEPARATOR;
    for (let c = 0; c < columns; c++) {
      const cell = row[c];
      if (c) buffer[used++] = CELL_SEPARATOR;
      if (cell === null || cell === undefined) {
        if (used + 2 > buffer.length) buffer = room(used, 2);
        buffer[used++] = NULL_CELL;
        continue;
      }
      // At most 3 bytes per UTF-16 unit, plus the next separator.
      if (used + cell.length * 3 + 2 > buffer.length) buffer = room(used, cell.length * 3 + 2);
      let i = 0;
      for (; i < cell.length; i++) {
        const code = cell.charCodeAt(i);
        if (code >= 0x80) break;
        if (code === NULL_CELL || code === ROW_SEPARATOR || code === CELL_SEPARATOR) return null;
        buffer[used + i] = code;
      }
      if (i === cell.length) {
        used += i;
        continue;
      }
      const end = used + buffer.write(cell, used);
      for (let k = used; k < end; k++) {
        const byte = buffer[k]!;
        if (byte === NULL_CELL || byte === ROW_SEPARATOR || byte === CELL_SEPARATOR) return null;
      }
      used = end;
    }
  }
  const frame = Buffer.allocUnsafeSlow(used);
  buffer.copy(frame, 0, 0, used);
  if (buffer.length > SCRATCH_KEPT) scratch = null;
  return frame;
}

/**
 * Free bytes a producer of packed bytes (postgres/packed-rows.ts) leaves in front of them, so
 * that the frame's header is written there instead of copying the rows behind a header.
 */
export const FRAME_HEADROOM = 256;

/**
 * The frame's bytes around rows already encoded as UTF-8 bytes (PostgreSQL's DataRows, copied
 * as they came). `room`: free bytes in front of `payload` in its memory, the caller's to
 * overwrite — the header goes there when it fits, and the frame is then a view, not a copy.
 */
export function rowBatchFrameFromBytes(id: string, index: number, count: number, payload: Buffer, room = 0): Buffer {
  const header: RowBatchHeader = { type: 'rows', id, index, count };
  const head = Buffer.from(`${JSON.stringify(header)}\n`);
  if (head.length > room) return Buffer.concat([head, payload]);
  const frame = Buffer.from(payload.buffer, payload.byteOffset - head.length, head.length + payload.length);
  head.copy(frame, 0);
  return frame;
}
