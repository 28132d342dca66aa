// A binary row-batch frame (server/protocol/row-batch.ts) made ready for the grid: its
// header read and the end of every cell found, in the frame's own bytes. The rows are not
// decoded to text: a cell becomes a string when something reads it (row-chunks.ts). The
// separators are ASCII, and no byte of a multi-byte UTF-8 character is below 0x80, so the
// bytes can be scanned as they are. That scan is all the work a frame costs the page
// (≈ 0.2 ms for 5,000 rows): decoding every frame to a string in a worker and copying the
// string back cost more CPU than the rest of the page together (bench/browser-grid.ts).
import type { RowBatchHeader } from '../../server/protocol/index.ts';

export interface IndexedFrame {
  header: RowBatchHeader;
  /** The rows' bytes (the frame after its header line). */
  payload: Uint8Array;
  /** Where each cell of the payload ends (its separator, or the payload's end), in bytes. */
  ends: Int32Array;
  /** Every byte of the payload is ASCII: a cell's bytes are its characters. */
  ascii: boolean;
  /** The frame's size on the wire. */
  bytes: number;
}

const CELL_SEPARATOR = 0x1f;
const ROW_SEPARATOR = 0x1e;
const NEWLINE = 0x0a;
const utf8 = new TextDecoder();

export function indexFrame(data: ArrayBuffer | Uint8Array): IndexedFrame {
  const frame = data instanceof Uint8Array ? data : new Uint8Array(data);
  const newline = frame.indexOf(NEWLINE);
  const header = JSON.parse(utf8.decode(frame.subarray(0, newline))) as RowBatchHeader;
  const payload = frame.subarray(newline + 1);
  const { ends, ascii } = cellEnds(payload);
  return { header, payload, ends, ascii, bytes: frame.byteLength };
}

/** Just the frame's header (its first line), read without looking at the rows. */
export function frameHeader(data: ArrayBuffer): RowBatchHeader {
  const bytes = new Uint8Array(data);
  return JSON.parse(utf8.decode(bytes.subarray(0, bytes.indexOf(NEWLINE)))) as RowBatchHeader;
}

/**
 * Two passes (count, then fill): the array is allocated once at its size. The first pass
 * also finds whether any byte is outside ASCII.
 */
export function cellEnds(payload: Uint8Array): { ends: Int32Array; ascii: boolean } {
  let separators = 0;
  let high = 0;
  for (let i = 0; i < payload.length; i++) {
    const byte = payload[i]!;
    high |= byte;
    if (byte === CELL_SEPARATOR || byte === ROW_SEPARATOR) separators++;
  }
  const ends = new Int32Array(separators + 1);
  let n = 0;
  for (let i = 0; i < payload.length; i++) {
    const byte = payload[i]!;
    if (byte === CELL_SEPARATOR || byte === ROW_SEPARATOR) ends[n++] = i;
  }
  ends[n] = payload.length;
  return { ends, ascii: high < 0x80 };
}
