// A batch of SQLite rows written straight into the row-batch encoding (protocol/row-batch.ts)
// as UTF-8 bytes, in the session process, as better-sqlite3 steps: no array of cell strings
// per row, no string for the whole batch. The bytes then cross to the server as one Buffer
// (the process channel's advanced serialization copies it as it is) with FRAME_HEADROOM free
// bytes in front, where the server writes the frame's header: the frame is sent without
// being copied or encoded again. Runs inside the worker.
//
// Cells are CellRenderer's text (cells.ts), byte for byte. A cell holding one of the
// encoding's reserved characters (\x00, \x1e, \x1f) cannot be packed: from that row on, the
// batch is kept as strings instead and goes out as JSON.
import { CELL_SEPARATOR, FRAME_HEADROOM, NULL_CELL, ROW_SEPARATOR } from '../../protocol/row-batch-buffer.ts';
import type { CellRenderer } from './cells.ts';

type Cell = string | null;

const INITIAL_BYTES = 256 * 1024;

export type PackedBatch =
  /** FRAME_HEADROOM free bytes, then the rows. */
  | { count: number; bytes: Buffer; rows: null }
  | { count: number; bytes: null; rows: Cell[][] };

export class PackedBatchWriter {
  readonly #cells: CellRenderer;
  #buffer: Buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  #used = FRAME_HEADROOM;
  #count = 0;
  /** Set once a reserved character showed up: the batch's rows as strings from then on. */
  #rows: Cell[][] | null = null;

  constructor(cells: CellRenderer) {
    this.#cells = cells;
  }

  get count(): number {
    return this.#count;
  }

  /** One row as better-sqlite3 returns it (raw, safe integers). */
  add(row: unknown[]): void {
    if (this.#rows !== null) {
      this.#rows.push(this.#cells.renderRow(row));
      this.#count++;
      return;
    }
    const mark = this.#used;
    let buffer = this.#buffer;
    let used = mark;
    if (this.#count > 0) buffer[used++] = ROW_SEPARATOR;
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      const text = typeof value === 'string' ? value : this.#cells.render(value);
      if (text === null) {
        if (used + 2 > buffer.length) buffer = this.#grow(used, 2);
        if (c) buffer[used++] = CELL_SEPARATOR;
        buffer[used++] = NULL_CELL;
        continue;
      }
      // At most 3 bytes per UTF-16 unit, plus a separator.
      if (used + text.length * 3 + 2 > buffer.length) buffer = this.#grow(used, text.length * 3 + 2);
      if (c) buffer[used++] = CELL_SEPARATOR;
      let i = 0;
      for (; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0x80) break;
        if (code <= CELL_SEPARATOR && (code === NULL_CELL || code === ROW_SEPARATOR || code === CELL_SEPARATOR)) return this.#unpack(mark, row);
        buffer[used + i] = code;
      }
      if (i === text.length) {
        used += i;
        continue;
      }
      // Other text: encoded by Buffer, its bytes checked (UTF-8 never encodes another
      // character with the bytes 0x00, 0x1e or 0x1f).
      const end = used + buffer.write(text, used);
      for (let k = used; k < end; k++) {
        const byte = buffer[k]!;
        if (byte <= CELL_SEPARATOR && (byte === NULL_CELL || byte === ROW_SEPARATOR || byte === CELL_SEPARATOR)) return this.#unpack(mark, row);
      }
      used = end;
    }
    this.#used = used;
    this.#count++;
  }

  /** The batch (copied out at its exact size, headroom included), and a fresh start. */
  take(): PackedBatch {
    const count = this.#count;
    let batch: PackedBatch;
    if (this.#rows !== null) batch = { count, bytes: null, rows: this.#rows };
    else {
      const bytes = Buffer.allocUnsafeSlow(this.#used);
      this.#buffer.copy(bytes, FRAME_HEADROOM, FRAME_HEADROOM, this.#used);
      batch = { count, bytes, rows: null };
    }
    if (this.#buffer.length > 16 * INITIAL_BYTES) this.#buffer = Buffer.allocUnsafe(INITIAL_BYTES);
    this.#used = FRAME_HEADROOM;
    this.#count = 0;
    this.#rows = null;
    return batch;
  }

  #grow(used: number, more: number): Buffer {
    const bigger = Buffer.allocUnsafe(Math.max(INITIAL_BYTES, 2 * (used + more)));
    this.#buffer.copy(bigger, 0, 0, used);
    this.#buffer = bigger;
    return bigger;
  }

  /** The rows packed so far (before `mark`) as strings, then `row`: the batch continues that way. */
  #unpack(mark: number, row: unknown[]): void {
    this.#rows =
      this.#count === 0
        ? []
        : this.#buffer
            .toString('utf8', FRAME_HEADROOM, mark)
            .split('\x1e')
            .map((line) => line.split('\x1f').map((cell) => (cell === '\x00' ? null : cell)));
    this.#used = FRAME_HEADROOM;
    this.#rows.push(this.#cells.renderRow(row));
    this.#count++;
  }
}
