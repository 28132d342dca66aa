// A binary row-batch frame (server/protocol/row-batch.ts) made ready for the grid: its
// UTF-8 decoded, its header read, and the end of every cell found. This is the work of a
// frame that grows with its rows — on a million rows it took the page's thread most of a
// second — so the page has it done by a worker (row-frames.worker.ts, row-frame-decoder.ts).
import { splitRowBatch, type RowBatchHeader } from '../../server/protocol/index.ts';

export interface IndexedFrame {
  header: RowBatchHeader;
  payload: string;
  /** Where each cell of the payload ends (its separator, or the payload's end). */
  ends: Int32Array;
  /** The frame's size on the wire. */
  bytes: number;
}

const CELL_SEPARATOR = 0x1f;
const ROW_SEPARATOR = 0x1e;
const utf8 = new TextDecoder();

export function indexFrame(data: ArrayBuffer): IndexedFrame {
  const { header, payload } = splitRowBatch(utf8.decode(data));
  return { header, payload, ends: cellEnds(payload), bytes: data.byteLength };
}

/** Just the frame's header (its first line), read without decoding the rows. */
export function frameHeader(data: ArrayBuffer): RowBatchHeader {
  const bytes = new Uint8Array(data);
  const newline = bytes.indexOf(0x0a);
  return JSON.parse(utf8.decode(bytes.subarray(0, newline))) as RowBatchHeader;
}

/** Two passes (count, then fill): the array is allocated once at its size. */
export function cellEnds(payload: string): Int32Array {
  let separators = 0;
  for (let i = 0; i < payload.length; i++) {
    const code = payload.charCodeAt(i);
    if (code === CELL_SEPARATOR || code === ROW_SEPARATOR) separators++;
  }
  const ends = new Int32Array(separators + 1);
  let n = 0;
  for (let i = 0; i < payload.length; i++) {
    const code = payload.charCodeAt(i);
    if (code === CELL_SEPARATOR || code === ROW_SEPARATOR) ends[n++] = i;
  }
  ends[n] = payload.length;
  return ends;
}
