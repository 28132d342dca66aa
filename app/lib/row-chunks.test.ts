import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeRows } from '../../server/protocol/index.ts';
import { ArrayChunk, PackedChunk } from './row-chunks.ts';
import { indexFrame } from './row-frames.ts';

const rows = [
  ['1', 'plain', null],
  ['', 'ünïcødé ✓', '3.50'],
  [null, null, ''],
];

test('a packed chunk reads back every cell as encoded, NULL and empty text apart', () => {
  const chunk = PackedChunk.from(encodeRows(rows)!, rows.length, 3);
  assert.ok(chunk instanceof PackedChunk);
  assert.equal(chunk.length, 3);
  for (let r = 0; r < rows.length; r++) {
    assert.deepEqual(chunk.row(r), rows[r]);
    for (let c = 0; c < 3; c++) assert.equal(chunk.cell(r, c), rows[r]![c]);
  }
  assert.equal(chunk.cell(0, 7), null);
});

test('a payload whose shape does not match the columns is split the plain way', () => {
  const chunk = PackedChunk.from(encodeRows(rows)!, rows.length, 2);
  assert.ok(chunk instanceof ArrayChunk);
  assert.deepEqual(chunk.row(1), rows[1]);
});

test('ends found elsewhere (the worker) index the payload the same way', () => {
  const payload = encodeRows(rows)!;
  const chunk = PackedChunk.indexed(payload, indexFrame(new TextEncoder().encode(`{"type":"rows","id":"q","index":0,"count":3}\n${payload}`).buffer).ends, rows.length, 3);
  assert.ok(chunk instanceof PackedChunk);
  for (let r = 0; r < rows.length; r++) assert.deepEqual(chunk.row(r), rows[r]);
});
