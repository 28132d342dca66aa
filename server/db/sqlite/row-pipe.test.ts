import assert from 'node:assert/strict';
import type { Writable } from 'node:stream';
import { test } from 'node:test';
import { PieceReader, writePiece, type Piece } from './row-pipe.ts';

test('pieces come out whole and in order however the pipe cuts its chunks', () => {
  const sent = Array.from({ length: 50 }, (_, i) => ({ bytes: Buffer.from(`piece ${i} `.repeat(i * 37)), count: i }));
  const whole = Buffer.concat(sentFrames(sent));
  for (const chunkSize of [1, 3, 7, 8, 9, 64, 1000, 65536, whole.length]) {
    const received: Piece[] = [];
    const reader = new PieceReader((piece) => received.push({ bytes: Buffer.from(piece.bytes), count: piece.count }));
    for (let at = 0; at < whole.length; at += chunkSize) reader.push(whole.subarray(at, at + chunkSize));
    assert.deepEqual(received, sent, `chunks of ${chunkSize} bytes`);
  }
});

/** What writePiece puts on the pipe, collected. */
function sentFrames(pieces: Piece[]): Buffer[] {
  const chunks: Buffer[] = [];
  const sink = { write: (chunk: Buffer) => chunks.push(chunk) } as unknown as Writable;
  for (const piece of pieces) writePiece(sink, piece.bytes, piece.count);
  return chunks;
}
