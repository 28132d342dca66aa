// A batch of SQLite rows → the wire's row encoding (protocol/row-batch.ts) as bytes, written
// by the session process itself, in pieces of at most ~60 KB that the server sends on as
// they are (one frame each). Runs inside the worker.
//
// Why here and as bytes: profiled on 1,000,000 rows (bench/query-stream.ts), rendering every
// cell to a string, joining them into one string per batch, serialising it over the IPC
// channel and re-encoding it in the server cost about as much as SQLite's own stepping.
// Cells are written straight into a Buffer as they come from SQLite. Why ≤ 60 KB: the
// server reads the pipe in 64 KB chunks, so a piece mostly arrives in one and is passed on
// without being copied together; smaller frames also let the socket start sending sooner.
//
// A row with a cell holding a reserved character (\x00, \x1e, \x1f) cannot be encoded:
// it goes as rendered cells instead (sent as a JSON `rows` message), so nothing is misread.
import type { CellRenderer } from './cells.ts';

export type Cell = string | null;

/** A part of a batch, in order: encoded rows (a piece) or rendered rows (the JSON fallback). */
export type BatchPart = { piece: Buffer; count: number } | { rows: Cell[][] };

export const PIECE_BYTES = 60 * 1024;
/** A scratch buffer grown past this (a row of huge cells) is let go after its piece. */
const SCRATCH_KEPT = 1024 * 1024;
const NULL_CELL = 0x00;
const ROW_SEPARATOR = 0x1e;
const CELL_SEPARATOR = 0x1f;

export class RowPieces {
  readonly #cells: CellRenderer;
  #buffer = newBuffer(PIECE_BYTES + 4096);
  #used = 0;
  #count = 0;
  #parts: BatchPart[] = [];

  constructor(cells: CellRenderer) {
    this.#cells = cells;
  }

  /** Adds one row (SQLite's raw values) to the batch being built. */
  add(row: unknown[]): void {
    const start = this.#used;
    if (row.length > 0) {
      if (this.#count > 0) this.#byte(ROW_SEPARATOR);
      if (this.#encodeRow(row)) {
        this.#count++;
        if (this.#used >= PIECE_BYTES) this.#closePiece();
        return;
      }
    }
    // Not representable (a reserved character, or no columns): rendered cells instead.
    this.#used = start;
    this.#closePiece();
    const last = this.#parts.at(-1);
    const rendered = this.#cells.renderRow(row);
    if (last && 'rows' in last) last.rows.push(rendered);
    else this.#parts.push({ rows: [rendered] });
  }

  /** The batch's parts, in order; the builder starts a new batch. */
  finish(): BatchPart[] {
    this.#closePiece();
    const parts = this.#parts;
    this.#parts = [];
    return parts;
  }

  #closePiece(): void {
    if (this.#count === 0) return;
    // Copied out at its exact size, the scratch buffer reused: a fresh 64 KB buffer per
    // piece, mostly unused for small batches, let the process grow by 100+ MB before
    // the GC counted that memory.
    const piece = Buffer.allocUnsafe(this.#used);
    this.#buffer.copy(piece, 0, 0, this.#used);
    this.#parts.push({ piece, count: this.#count });
    if (this.#buffer.length > SCRATCH_KEPT) this.#buffer = newBuffer(PIECE_BYTES + 4096);
    this.#used = 0;
    this.#count = 0;
  }

  #encodeRow(row: unknown[]): boolean {
    for (let c = 0; c < row.length; c++) {
      if (c) this.#byte(CELL_SEPARATOR);
      const value = row[c];
      if (value === null || value === undefined) {
        this.#byte(NULL_CELL);
        continue;
      }
      const text = typeof value === 'string' ? value : typeof value === 'bigint' ? value.toString() : this.#cells.render(value)!;
      if (!this.#text(text)) return false;
    }
    return true;
  }

  /** Writes a cell's text as UTF-8; false if it holds a reserved character. */
  #text(text: string): boolean {
    // At most 3 bytes per UTF-16 unit, plus the next separator.
    this.#room(text.length * 3 + 1);
    const buffer = this.#buffer;
    const used = this.#used;
    // ASCII by a plain loop (most cells are short: a native call per cell costs more).
    let i = 0;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) break;
      if (code === NULL_CELL || code === ROW_SEPARATOR || code === CELL_SEPARATOR) return false;
      buffer[used + i] = code;
    }
    if (i === text.length) {
      this.#used = used + i;
      return true;
    }
    // UTF-8 never encodes another character with the bytes 0x00, 0x1e or 0x1f.
    const end = used + buffer.write(text, used);
    for (let k = used; k < end; k++) {
      const byte = buffer[k]!;
      if (byte === NULL_CELL || byte === ROW_SEPARATOR || byte === CELL_SEPARATOR) return false;
    }
    this.#used = end;
    return true;
  }

  #byte(byte: number): void {
    this.#room(1);
    this.#buffer[this.#used++] = byte;
  }

  #room(more: number): void {
    if (this.#used + more <= this.#buffer.length) return;
    const bigger = newBuffer(Math.max(2 * this.#buffer.length, this.#used + more));
    this.#buffer.copy(bigger, 0, 0, this.#used);
    this.#buffer = bigger;
  }
}

function newBuffer(size: number): Buffer {
  return Buffer.allocUnsafeSlow(size);
}
