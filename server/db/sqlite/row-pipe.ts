// The row pipe between a session process and the server: each piece of encoded rows
// (row-pieces.ts) as <byte length u32><row count u32><bytes>, in the order the replies
// on the IPC channel name them. A dedicated pipe, because the IPC channel serialises
// every message and copies it together again on the other side.
import type { Writable } from 'node:stream';

export interface Piece {
  bytes: Buffer;
  count: number;
}

const HEADER_BYTES = 8;

/** Worker side: queues one piece on the pipe. */
export function writePiece(pipe: Writable, bytes: Buffer, count: number): void {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(bytes.length, 0);
  header.writeUInt32LE(count, 4);
  pipe.write(header);
  pipe.write(bytes);
}

/** Server side: cuts the pipe's chunks back into pieces (a piece inside one chunk is not copied). */
export class PieceReader {
  readonly #onPiece: (piece: Piece) => void;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Bytes the first pending piece needs in all (header included), once its header is in. */
  #pieceBytes: number | null = null;

  constructor(onPiece: (piece: Piece) => void) {
    this.#onPiece = onPiece;
  }

  push(chunk: Buffer): void {
    let data = chunk;
    if (this.#pendingBytes > 0) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
      if (!this.#complete()) return;
      data = Buffer.concat(this.#pending, this.#pendingBytes);
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#pieceBytes = null;
    }
    let at = 0;
    while (data.length - at >= HEADER_BYTES) {
      const length = data.readUInt32LE(at);
      if (data.length - at - HEADER_BYTES < length) break;
      this.#onPiece({ bytes: data.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length), count: data.readUInt32LE(at + 4) });
      at += HEADER_BYTES + length;
    }
    if (at < data.length) {
      this.#pending = [data.subarray(at)];
      this.#pendingBytes = data.length - at;
    }
  }

  /** Whether the pending chunks hold at least one whole piece. */
  #complete(): boolean {
    if (this.#pieceBytes === null) {
      if (this.#pendingBytes < HEADER_BYTES) return false;
      this.#pieceBytes = HEADER_BYTES + Buffer.concat(this.#pending, HEADER_BYTES).readUInt32LE(0);
    }
    return this.#pendingBytes >= this.#pieceBytes;
  }
}
