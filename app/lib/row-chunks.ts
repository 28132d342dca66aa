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
  readonly #ends: Int32Array;
  readonly #ascii: boolean;
  readonly #columns: number;

  private constructor(bytes: Uint8Array, ends: Int32Array, ascii: boolean, rows: number, columns: number) {
    this.#bytes = bytes;
    this.#ends = ends;
    this.#ascii = ascii;
    this.length = rows;
    this.#columns = columns;
  }

  /** Indexes `payload` (`count` rows of `columns` cells); a payload of another shape is split eagerly instead. */
  static from(payload: string, count: number, columns: number): RowChunk {
    const bytes = new TextEncoder().encode(payload);
    const { ends, ascii } = cellEnds(bytes);
    return PackedChunk.indexed(bytes, ends, ascii, count, columns);
  }

  /** The same, with the cells' ends already found (row-frames.ts). */
  static indexed(bytes: Uint8Array, ends: Int32Array, ascii: boolean, count: number, columns: number): RowChunk {
    if (ends.length !== count * columns) return new ArrayChunk(decodeRows(utf8.decode(bytes), count));
    return new PackedChunk(bytes, ends, ascii, count, columns);
  }

  cell(i: number, column: number): string | null {
    if (column < 0 || column >= this.#columns) return null;
    const k = i * this.#columns + column;
    const start = k === 0 ? 0 : this.#ends[k - 1]! + 1;
    const end = this.#ends[k]!;
    if (end - start === 1 && this.#bytes[start] === NULL_BYTE) return null;
    return this.#ascii && end - start <= SHORT_CELL ? asciiText(this.#bytes, start, end) : utf8.decode(this.#bytes.subarray(start, end));
  }

  row(i: number): Cells {
    const cells: Cells = new Array(this.#columns);
    for (let c = 0; c < this.#columns; c++) cells[c] = this.cell(i, c);
    return cells;
  }
}

/** Short ASCII cells (most of them) by hand: about twice as fast as a TextDecoder call each. */
function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}
