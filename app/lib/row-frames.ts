// A binary row-batch frame (server/protocol/row-batch.ts) as the grid keeps it: its header
// read, its rows left as the frame's bytes. Nothing is decoded or scanned when a frame
// arrives — a chunk finds its cells' ends when one of its cells is first read
// (row-chunks.ts), and most chunks of a large result never are. Decoding every frame to a
// string in a worker and copying it back cost the page more CPU than everything else it
// did while a million rows arrived (bench/browser-grid.ts, README Benchmarks).
import type { RowBatchHeader } from '../../server/protocol/index.ts';

export interface RowFrame {
  header: RowBatchHeader;
  /** The rows' bytes (the frame after its header line). */
  payload: Uint8Array;
  /** The frame's size on the wire. */
  bytes: number;
}

const CELL_SEPARATOR = 0x1f;
const ROW_SEPARATOR = 0x1e;
const NEWLINE = 0x0a;
const utf8 = new TextDecoder();

export function readFrame(data: ArrayBuffer | Uint8Array): RowFrame {
  const frame = data instanceof Uint8Array ? data : new Uint8Array(data);
  const newline = frame.indexOf(NEWLINE);
  if (newline < 0) throw new Error('A row batch without a header.');
  const header = JSON.parse(utf8.decode(frame.subarray(0, newline))) as RowBatchHeader;
  return { header, payload: frame.subarray(newline + 1), bytes: frame.byteLength };
}

/**
 * Where each cell of `payload` ends (its separator, or the payload's end), in bytes, and
 * whether every byte is ASCII. The separators are ASCII and no byte of a multi-byte UTF-8
 * character is below 0x80, so the bytes are scanned as they are, without decoding. Two
 * passes (count, then fill): the array is allocated once at its size.
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
