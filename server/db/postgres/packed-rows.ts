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
import { CELL_SEPARATOR, FRAME_HEADROOM, NULL_CELL, ROW_SEPARATOR } from '../../protocol/row-batch-buffer.ts';

/** First size of a batch's buffer; it doubles as needed (a 5,000-row batch of short cells fits). */
const INITIAL_BYTES = 256 * 1024;

export type PackedBatch =
  /** `bytes` has FRAME_HEADROOM free bytes in front of it, for the frame's header. */
  | { count: number; bytes: Buffer; rows: null }
  | { count: number; bytes: null; rows: (string | null)[][] };

export class PackedRows {
  /** Rows per batch: a fetch of several batches is cut into batches of this many rows. */
  readonly #perBatch: number;
  #buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  #used = 0;
  #count = 0;
  /** Where each full batch ends in the buffer (the next one starts right there). */
  #ends: number[] = [];
  /** Set once a reserved byte showed up: the fetch's rows as strings from then on. */
  #rows: (string | null)[][] | null = null;

  constructor(perBatch: number) {
    this.#perBatch = perBatch;
  }

  get count(): number {
    return this.#count;
  }

  /** Bytes packed since the last take (what the fetch weighs, for the next fetch's size). */
  get bytes(): number {
    return this.#used;
  }

  /** One DataRow message's body (`data[start, end)`: the column count, then each cell). */
  addDataRow(data: Buffer, start: number, end: number): void {
    if (this.#rows !== null) {
      this.#rows.push(decodeDataRow(data, start));
      this.#count++;
      return;
    }
    const mark = this.#used;
    const columns = data.readUInt16BE(start);
    if (columns === 0) return this.#addUnpacked(mark, data, start); // an empty row has no packed form
    // The packed row is never longer than the message: each 4-byte length becomes one byte.
    const out = this.#room(end - start);
    let used = mark;
    const first = this.#count % this.#perBatch === 0;
    if (first && this.#count > 0) this.#ends.push(mark);
    else if (!first) out[used++] = ROW_SEPARATOR;
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
          if (first && this.#count > 0) this.#ends.pop();
          return this.#addUnpacked(mark, data, start);
        }
        out[used++] = byte;
      }
    }
    this.#used = used;
    this.#count++;
  }

  /** The rows added since the last take, in batches of `perBatch` rows, and a fresh start. */
  take(): PackedBatch[] {
    const batches: PackedBatch[] = [];
    if (this.#rows !== null) {
      for (let r = 0; r < this.#rows.length; r += this.#perBatch) {
        const rows = this.#rows.slice(r, r + this.#perBatch);
        batches.push({ count: rows.length, bytes: null, rows });
      }
    } else if (this.#count > 0) {
      // Each copied out at its exact size, behind room for the frame's header (written in
      // place, so the frame is not copied again); the scratch buffer is kept for the next
      // fetch, unless huge cells grew it.
      let from = 0;
      let rowsLeft = this.#count;
      for (const end of [...this.#ends, this.#used]) {
        const out = Buffer.allocUnsafeSlow(FRAME_HEADROOM + end - from);
        this.#buffer.copy(out, FRAME_HEADROOM, from, end);
        batches.push({ count: Math.min(rowsLeft, this.#perBatch), bytes: out.subarray(FRAME_HEADROOM), rows: null });
        rowsLeft -= this.#perBatch;
        from = end;
      }
    }
    if (this.#buffer.length > 16 * INITIAL_BYTES) this.#buffer = Buffer.allocUnsafe(INITIAL_BYTES);
    this.#used = 0;
    this.#count = 0;
    this.#ends = [];
    this.#rows = null;
    return batches;
  }

  #addUnpacked(mark: number, data: Buffer, start: number): void {
    this.#unpack(mark);
    this.#rows!.push(decodeDataRow(data, start));
    this.#count++;
  }

  #room(more: number): Buffer {
    if (this.#used + more + 1 > this.#buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(INITIAL_BYTES, 2 * (this.#used + more + 1)));
      this.#buffer.copy(bigger, 0, 0, this.#used);
      this.#buffer = bigger;
    }
    return this.#buffer;
  }

  /** The rows packed so far (before `mark`) as strings: the fetch continues that way. */
  #unpack(mark: number): void {
    const rows: (string | null)[][] = [];
    let from = 0;
    for (const end of this.#count > 0 ? [...this.#ends, mark] : []) {
      for (const line of this.#buffer.toString('utf8', from, end).split('\x1e')) {
        rows.push(line.split('\x1f').map((cell) => (cell === '\x00' ? null : cell)));
      }
      from = end;
    }
    this.#rows = rows;
    this.#used = 0;
    this.#ends = [];
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
