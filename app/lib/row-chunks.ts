// A batch of rows as the grid keeps it. A binary frame's payload stays one string, with the
// end of every cell in an Int32Array: a cell becomes a JS string only when something reads
// it (the visible rows, a copy, a sort). Splitting every batch into row arrays and cell
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

const NULL_CELL = '\x00';

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

/** A binary frame's rows (protocol/row-batch.ts encoding), read lazily. */
export class PackedChunk implements RowChunk {
  readonly length: number;
  readonly #text: string;
  readonly #ends: Int32Array;
  readonly #columns: number;

  private constructor(text: string, ends: Int32Array, rows: number, columns: number) {
    this.#text = text;
    this.#ends = ends;
    this.length = rows;
    this.#columns = columns;
  }

  /** Indexes `payload` (`count` rows of `columns` cells); a payload of another shape is split eagerly instead. */
  static from(payload: string, count: number, columns: number): RowChunk {
    return PackedChunk.indexed(payload, cellEnds(payload), count, columns);
  }

  /** The same, with the cells' ends already found (row-frames.ts: the page has a worker do it). */
  static indexed(payload: string, ends: Int32Array, count: number, columns: number): RowChunk {
    if (ends.length !== count * columns) return new ArrayChunk(decodeRows(payload, count));
    return new PackedChunk(payload, ends, count, columns);
  }

  cell(i: number, column: number): string | null {
    if (column < 0 || column >= this.#columns) return null;
    const k = i * this.#columns + column;
    const text = this.#text.slice(k === 0 ? 0 : this.#ends[k - 1]! + 1, this.#ends[k]);
    return text === NULL_CELL ? null : text;
  }

  row(i: number): Cells {
    const cells: Cells = new Array(this.#columns);
    for (let c = 0; c < this.#columns; c++) cells[c] = this.cell(i, c);
    return cells;
  }
}
