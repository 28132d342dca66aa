// DataRow messages turned straight into the row-batch encoding (protocol/row-batch.ts) as
// bytes: each cell's text bytes are copied from the socket's buffer into the batch, never
// made into a JS string. This is what makes a large PostgreSQL result cheap to stream: with
// pg, every cell became a string (UTF-8 decoding, an array per row, garbage) only to be
// encoded back into the same bytes for the websocket frame.
//
// The session's client encoding is UTF8 (pg sets it at startup) and a text-format cell is
// exactly what psql prints, so the bytes are the cell's text. A cell holding one of the
// encoding's reserved bytes (0x1e, 0x1f; PostgreSQL text never holds 0x00) cannot be packed:
// from that row on, the batch is kept as strings instead and goes out as JSON.
import { FRAME_HEADROOM } from '../../protocol/row-batch-buffer.ts';

const NULL_CELL = 0x00;
const ROW_SEPARATOR = 0x1e;
const CELL_SEPARATOR = 0x1f;
/** First size of a batch's buffer; it doubles as needed (a 5,000-row batch of short cells fits). */
const INITIAL_BYTES = 256 * 1024;

export type PackedBatch =
  /** `bytes` has FRAME_HEADROOM free bytes in front of it, for the frame's header. */
  | { count: number; bytes: Buffer; rows: null }
  | { count: number; bytes: null; rows: (string | null)[][] };

export class PackedRows {
  #buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  #used = 0;
  #count = 0;
  /** Set once a reserved byte showed up: the batch's rows as strings from then on. */
  #rows: (string | null)[][] | null = null;

  get count(): number {
    return this.#count;
  }

  /** One DataRow message's body (`data[start, end)`: the column count, then each cell). */
  addDataRow(data: Buffer, start: number, end: number): void {
    if (this.#rows !== null) {
      this.#rows.push(decodeDataRow(data, start));
      this.#count++;
      return;
    }
    const mark = this.#used;
    // The packed row is never longer than the message: each 4-byte length becomes one byte.
    const columns = data.readUInt16BE(start);
    if (columns === 0) return this.#addUnpacked(mark, data, start); // an empty row has no packed form
    const out = this.#room(end - start);
    let used = mark;
    if (this.#count > 0) out[used++] = ROW_SEPARATOR;
    let at = start + 2;
    for (let c = 0; c < columns; c++) {
      if (c) out[used++] = CELL_SEPARATOR;
      const length = data.readInt32BE(at);
      at += 4;
      if (length < 0) {
        out[used++] = NULL_CELL;
        continue;
      }
      const cellEnd = at + length;
      for (; at < cellEnd; at++) {
        const byte = data[at]!;
        if (byte <= CELL_SEPARATOR && (byte === ROW_SEPARATOR || byte === CELL_SEPARATOR || byte === NULL_CELL)) {
          return this.#addUnpacked(mark, data, start);
        }
        out[used++] = byte;
      }
    }
    this.#used = used;
    this.#count++;
  }

  #addUnpacked(mark: number, data: Buffer, start: number): void {
    this.#unpack(mark);
    this.#rows!.push(decodeDataRow(data, start));
    this.#count++;
  }

  /** The rows added since the last take, and a fresh start. */
  take(): PackedBatch {
    const count = this.#count;
    if (this.#rows !== null) {
      const batch: PackedBatch = { count, bytes: null, rows: this.#rows };
      this.#rows = null;
      this.#count = 0;
      return batch;
    }
    // Copied out at its exact size, behind room for the frame's header (written in place,
    // so the frame is not copied again); the scratch buffer is kept for the next batch,
    // unless a batch of huge cells grew it.
    const out = Buffer.allocUnsafeSlow(FRAME_HEADROOM + this.#used);
    this.#buffer.copy(out, FRAME_HEADROOM, 0, this.#used);
    const batch: PackedBatch = { count, bytes: out.subarray(FRAME_HEADROOM), rows: null };
    if (this.#buffer.length > 4 * INITIAL_BYTES) this.#buffer = Buffer.allocUnsafe(INITIAL_BYTES);
    this.#used = 0;
    this.#count = 0;
    return batch;
  }

  #room(more: number): Buffer {
    if (this.#used + more + 1 > this.#buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(INITIAL_BYTES, 2 * (this.#used + more + 1)));
      this.#buffer.copy(bigger, 0, 0, this.#used);
      this.#buffer = bigger;
    }
    return this.#buffer;
  }

  /** The rows packed so far (before `mark`) as strings: the batch continues that way. */
  #unpack(mark: number): void {
    const rows: (string | null)[][] = [];
    if (this.#count > 0) {
      for (const line of this.#buffer.toString('utf8', 0, mark).split('\x1e')) {
        rows.push(line.split('\x1f').map((cell) => (cell === '\x00' ? null : cell)));
      }
    }
    this.#rows = rows;
    this.#used = 0;
  }
}

/** A DataRow's cells as strings (the rare batch that cannot be packed). */
function decodeDataRow(data: Buffer, start: number): (string | null)[] {
  const columns = data.readUInt16BE(start);
  const row: (string | null)[] = new Array(columns);
  let at = start + 2;
  for (let c = 0; c < columns; c++) {
    const length = data.readInt32BE(at);
    at += 4;
    if (length < 0) row[c] = null;
    else {
      row[c] = data.toString('utf8', at, at + length);
      at += length;
    }
  }
  return row;
}
