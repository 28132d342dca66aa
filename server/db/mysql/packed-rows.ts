// Text-protocol row packets turned straight into the row-batch encoding (protocol/row-batch.ts)
// as bytes: each cell's bytes are copied from mysql2's packet buffer into the batch, never made
// into a JS string. mysql2's own parser made a string of every cell (through a typeCast call
// per cell) only for the server to encode it back into the same bytes for the websocket frame:
// that was about half the server's CPU on a large result.
//
// A cell is what types.ts's typeCast would give, byte for byte: the server's text for numbers,
// dates, times and JSON (ASCII or UTF-8), the text of a string column whose character set
// arrives as UTF-8 (the session's utf8mb4), and 0x… hex for binary strings, BIT and GEOMETRY.
// A result with any other column (another character set after SET character_set_results, a
// VECTOR) is not packed: `packedKinds` says so and mysql2 parses it as before.
//
// A cell holding one of the encoding's reserved bytes (0x00, 0x1e, 0x1f) cannot be packed:
// from that row on, the batch is kept as strings instead and goes out as JSON.
import type { FieldPacket } from 'mysql2';
import { CELL_SEPARATOR, FRAME_HEADROOM, NULL_CELL, ROW_SEPARATOR } from '../../protocol/row-batch-buffer.ts';

/** How a column's cells are copied: as they are, or as 0x… hex. */
export const CellKind = { Text: 0, Hex: 1 } as const;
export type CellKind = (typeof CellKind)[keyof typeof CellKind];

/** The text protocol's NULL (a length-encoded integer's 0xfb prefix). */
const NULL_VALUE = 0xfb;
const BINARY_CHARSET = 63;
const INITIAL_BYTES = 256 * 1024;
const HEX_DIGITS = Buffer.from('0123456789ABCDEF');

// mysql2's type codes (constants/types.js): the server's text, read by typeCast as text.
const TEXT_TYPES = new Set([
  0 /* DECIMAL */, 1 /* TINY */, 2 /* SHORT */, 3 /* LONG */, 4 /* FLOAT */, 5 /* DOUBLE */, 6 /* NULL */, 8 /* LONGLONG */, 9 /* INT24 */,
  13 /* YEAR */, 245 /* JSON */, 246 /* NEWDECIMAL */,
  // dateStrings: mysql2 reads these as the server's ASCII text.
  7 /* TIMESTAMP */, 10 /* DATE */, 11 /* TIME */, 12 /* DATETIME */,
]);
const HEX_TYPES = new Set([16 /* BIT */, 255 /* GEOMETRY */]);
/** Text or binary according to the column's character set. */
const STRING_TYPES = new Set([15 /* VARCHAR */, 247 /* ENUM */, 248 /* SET */, 249, 250, 251, 252 /* BLOBs */, 253 /* VAR_STRING */, 254 /* STRING */]);

/** Each column's kind, or null when some column cannot be copied as bytes (mysql2 parses the result then). */
export function packedKinds(fields: FieldPacket[]): CellKind[] | null {
  const kinds: CellKind[] = [];
  for (const field of fields) {
    const type = field.columnType ?? -1;
    if (field.extendedFormat === 'json' || TEXT_TYPES.has(type)) kinds.push(CellKind.Text);
    else if (HEX_TYPES.has(type)) kinds.push(CellKind.Hex);
    else if (STRING_TYPES.has(type) && field.characterSet === BINARY_CHARSET) kinds.push(CellKind.Hex);
    else if (STRING_TYPES.has(type) && field.encoding === 'utf8') kinds.push(CellKind.Text);
    else return null;
  }
  return kinds.length > 0 ? kinds : null;
}

export type PackedBatch =
  /** `bytes` has FRAME_HEADROOM free bytes in front of it, for the frame's header. */
  | { count: number; bytes: Buffer; rows: null }
  | { count: number; bytes: null; rows: (string | null)[][] };

/** One batch being filled, row packet by row packet. */
export class PackedRows {
  readonly #kinds: CellKind[];
  #buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  #used = 0;
  #count = 0;
  /** Set once a reserved byte showed up: the batch's rows as strings from then on. */
  #rows: (string | null)[][] | null = null;

  constructor(kinds: CellKind[]) {
    this.#kinds = kinds;
  }

  get count(): number {
    return this.#count;
  }

  /** One row packet's payload, `data[start, end)`: a length-encoded string (or NULL) per column. */
  add(data: Buffer, start: number, end: number): void {
    if (this.#rows !== null) {
      this.#rows.push(decodeRow(this.#kinds, data, start));
      this.#count++;
      return;
    }
    const mark = this.#used;
    // Hex doubles a cell's bytes and adds "0x"; a length prefix (≥ 1 byte) becomes a separator.
    const out = this.#room(2 * (end - start) + 2 * this.#kinds.length + 1);
    let used = mark;
    if (this.#count > 0) out[used++] = ROW_SEPARATOR;
    let at = start;
    for (let c = 0; c < this.#kinds.length; c++) {
      if (c) out[used++] = CELL_SEPARATOR;
      const first = data[at]!;
      if (first === NULL_VALUE) {
        at++;
        out[used++] = NULL_CELL;
        continue;
      }
      let length = first;
      if (first < 0xfb) at++;
      else [length, at] = longLength(data, at);
      const cellEnd = at + length;
      if (this.#kinds[c] === CellKind.Hex) {
        out[used++] = 0x30; // '0'
        out[used++] = 0x78; // 'x'
        for (; at < cellEnd; at++) {
          const byte = data[at]!;
          out[used++] = HEX_DIGITS[byte >> 4]!;
          out[used++] = HEX_DIGITS[byte & 15]!;
        }
        continue;
      }
      for (; at < cellEnd; at++) {
        const byte = data[at]!;
        if (byte <= CELL_SEPARATOR && (byte === ROW_SEPARATOR || byte === CELL_SEPARATOR || byte === NULL_CELL)) {
          this.#unpack(mark);
          this.#rows!.push(decodeRow(this.#kinds, data, start));
          this.#count++;
          return;
        }
        out[used++] = byte;
      }
    }
    this.#used = used;
    this.#count++;
  }

  /** The batch (copied out at its exact size, behind room for the frame's header), and a fresh start. */
  take(): PackedBatch {
    const count = this.#count;
    let batch: PackedBatch;
    if (this.#rows !== null) batch = { count, bytes: null, rows: this.#rows };
    else {
      const out = Buffer.allocUnsafeSlow(FRAME_HEADROOM + this.#used);
      this.#buffer.copy(out, FRAME_HEADROOM, 0, this.#used);
      batch = { count, bytes: out.subarray(FRAME_HEADROOM), rows: null };
    }
    if (this.#buffer.length > 16 * INITIAL_BYTES) this.#buffer = Buffer.allocUnsafe(INITIAL_BYTES);
    this.#used = 0;
    this.#count = 0;
    this.#rows = null;
    return batch;
  }

  #room(more: number): Buffer {
    if (this.#used + more > this.#buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(INITIAL_BYTES, 2 * (this.#used + more)));
      this.#buffer.copy(bigger, 0, 0, this.#used);
      this.#buffer = bigger;
    }
    return this.#buffer;
  }

  /** The rows packed so far (before `mark`) as strings: the batch continues that way. */
  #unpack(mark: number): void {
    this.#rows = this.#count === 0 ? [] : this.#buffer.toString('utf8', 0, mark).split('\x1e').map((line) => line.split('\x1f').map((cell) => (cell === '\x00' ? null : cell)));
    this.#used = 0;
  }
}

/** A cell's length of 0xfb or more: its prefix at `at` is 0xfc, 0xfd or 0xfe and then 2, 3 or 8 bytes. Returns the length and where the cell's bytes start. */
function longLength(data: Buffer, at: number): [number, number] {
  const first = data[at]!;
  if (first === 0xfc) return [data.readUInt16LE(at + 1), at + 3];
  if (first === 0xfd) return [data.readUIntLE(at + 1, 3), at + 4];
  // A cell is at most a packet's size (mysql2 joins packets up to max_allowed_packet).
  return [Number(data.readBigUInt64LE(at + 1)), at + 9];
}

/** A row's cells as strings (the rare batch that cannot be packed), as typeCast reads them. */
function decodeRow(kinds: CellKind[], data: Buffer, start: number): (string | null)[] {
  const row: (string | null)[] = new Array(kinds.length);
  let at = start;
  for (let c = 0; c < kinds.length; c++) {
    if (data[at] === NULL_VALUE) {
      row[c] = null;
      at++;
      continue;
    }
    const first = data[at]!;
    const [length, from] = first < 0xfb ? [first, at + 1] : longLength(data, at);
    at = from + length;
    row[c] = kinds[c] === CellKind.Hex ? `0x${data.toString('hex', from, at).toUpperCase()}` : data.toString('utf8', from, at);
  }
  return row;
}
