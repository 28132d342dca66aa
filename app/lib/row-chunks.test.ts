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

test('a frame indexed as the page does (its bytes, not decoded) reads back the same cells', () => {
  const frame = indexFrame(new TextEncoder().encode(`{"type":"rows","id":"q","index":0,"count":3}\n${encodeRows(rows)!}`).buffer);
  assert.deepEqual(frame.header, { type: 'rows', id: 'q', index: 0, count: 3 });
  assert.equal(frame.ascii, false, 'ünïcødé is not ASCII');
  const chunk = PackedChunk.indexed(frame.payload, frame.ends, frame.ascii, 3, 3);
  assert.ok(chunk instanceof PackedChunk);
  for (let r = 0; r < rows.length; r++) assert.deepEqual(chunk.row(r), rows[r]);
});

test('ASCII frames and long cells read back as sent', () => {
  const long = 'x'.repeat(5000);
  const plain = [['1', long, 'a b'], ['\x01', '', '~']];
  const frame = indexFrame(new TextEncoder().encode(`{"type":"rows","id":"q","index":0,"count":2}\n${encodeRows(plain)!}`));
  assert.equal(frame.ascii, true);
  const chunk = PackedChunk.indexed(frame.payload, frame.ends, frame.ascii, 2, 3);
  assert.deepEqual([chunk.row(0), chunk.row(1)], plain);
});
