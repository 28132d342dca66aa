// A batch of rows as the grid keeps it. A binary frame's payload stays the bytes it came in,
// with the end of every cell in an Int32Array: a cell becomes a JS string only when something
// reads it (the visible rows, a copy, a sort). Splitting every batch into row arrays and cell
// strings made a million rows five million objects for the garbage collector to trace,
// most of them never looked at.
import { decodeRows } from '../../server/protocol/index.ts';
import { cellEnds } from './row-frames.ts';

export type Cells = (string | null)[];

export interface RowChunk {
  readonly length: number;
  row(i: number): Cells;
  cell(i: number, column: number): string | null;
}

const NULL_BYTE = 0x00;
const SHORT_CELL = 32;
const utf8 = new TextDecoder();

/** Rows already split (a JSON `rows` message). */
export class ArrayChunk implements RowChunk {
  readonly rows: Cells[];
  constructor(rows: Cells[]) {
    this.rows = rows;
  }
  get length(): number {
    return this.rows.length;
  }
  row(i: number): Cells {
    return this.rows[i]!;
  }
  cell(i: number, column: number): string | null {
    return this.rows[i]![column] ?? null;
  }
}

/** A binary frame's rows (protocol/row-batch.ts encoding), kept as the frame's bytes and read lazily. */
export class PackedChunk implements RowChunk {
  readonly length: number;
  readonly #bytes: Uint8Array;
  readonly #columns: number;
  /** Where each cell ends, found on the first read: most chunks of a large result are never read. */
  #ends: Int32Array | null = null;
  #ascii = false;
  /** A payload of another shape than its rows × columns, split the plain way instead. */
  #split: ArrayChunk | null = null;

  /** `count` rows of `columns` cells, encoded in `bytes`. */
  constructor(bytes: Uint8Array, count: number, columns: number) {
    this.#bytes = bytes;
    this.length = count;
    this.#columns = columns;
  }

  static from(payload: string, count: number, columns: number): PackedChunk {
    return new PackedChunk(new TextEncoder().encode(payload), count, columns);
  }

  cell(i: number, column: number): string | null {
    if (column < 0 || column >= this.#columns) return null;
    const ends = this.#ends ?? this.#index();
    if (!ends) return this.#split!.cell(i, column);
    const k = i * this.#columns + column;
    const start = k === 0 ? 0 : ends[k - 1]! + 1;
    const end = ends[k]!;
    if (end - start === 1 && this.#bytes[start] === NULL_BYTE) return null;
    return this.#ascii && end - start <= SHORT_CELL ? asciiText(this.#bytes, start, end) : utf8.decode(this.#bytes.subarray(start, end));
  }

  row(i: number): Cells {
    if (!(this.#ends ?? this.#index())) return this.#split!.row(i);
    const cells: Cells = new Array(this.#columns);
    for (let c = 0; c < this.#columns; c++) cells[c] = this.cell(i, c);
    return cells;
  }

  #index(): Int32Array | null {
    if (this.#split) return null;
    const { ends, ascii } = cellEnds(this.#bytes);
    if (ends.length === this.length * this.#columns) {
      this.#ascii = ascii;
      return (this.#ends = ends);
    }
    const text = utf8.decode(this.#bytes);
    // A batch whose rows do not even number its count (never sent by the server): its rows show empty rather than break the grid.
    let rows: Cells[];
    try {
      rows = decodeRows(text, this.length);
    } catch {
      rows = Array.from({ length: this.length }, () => []);
    }
    this.#split = new ArrayChunk(rows);
    return null;
  }
}

/** Short ASCII cells (most of them) by hand: about twice as fast as a TextDecoder call each. */
function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}
