import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeRows } from '../../server/protocol/index.ts';
import { PackedChunk } from './row-chunks.ts';
import { cellEnds, readFrame } from './row-frames.ts';

const rows = [
  ['1', 'plain', null],
  ['', 'ünïcødé ✓', '3.50'],
  [null, null, ''],
];

test('a packed chunk reads back every cell as encoded, NULL and empty text apart', () => {
  const chunk = PackedChunk.from(encodeRows(rows)!, rows.length, 3);
  assert.equal(chunk.length, 3);
  for (let r = 0; r < rows.length; r++) {
    assert.deepEqual(chunk.row(r), rows[r]);
    for (let c = 0; c < 3; c++) assert.equal(chunk.cell(r, c), rows[r]![c]);
  }
  assert.equal(chunk.cell(0, 7), null);
});

test('a payload whose shape does not match the columns is split the plain way', () => {
  const chunk = PackedChunk.from(encodeRows(rows)!, rows.length, 2);
  assert.deepEqual(chunk.row(1), rows[1]);
  assert.equal(chunk.cell(1, 1), 'ünïcødé ✓');
});

test('a payload that does not hold its count of rows reads as empty rows, not an exception', () => {
  const chunk = PackedChunk.from(encodeRows(rows)!, 5, 3);
  assert.equal(chunk.length, 5);
  assert.deepEqual(chunk.row(4), []);
  assert.equal(chunk.cell(0, 0), null);
});

test('a frame read as the page does (its bytes, not decoded) reads back the same cells', () => {
  const frame = readFrame(new TextEncoder().encode(`{"type":"rows","id":"q","index":0,"count":3}\n${encodeRows(rows)!}`).buffer);
  assert.deepEqual(frame.header, { type: 'rows', id: 'q', index: 0, count: 3 });
  const chunk = new PackedChunk(frame.payload, 3, 3);
  for (let r = 0; r < rows.length; r++) assert.deepEqual(chunk.row(r), rows[r]);
});

test('ASCII payloads and long cells read back as sent', () => {
  const long = 'x'.repeat(5000);
  const plain = [['1', long, 'a b'], ['\x01', '', '~']];
  const payload = new TextEncoder().encode(encodeRows(plain)!);
  assert.equal(cellEnds(payload).ascii, true);
  assert.equal(cellEnds(new TextEncoder().encode(encodeRows(rows)!)).ascii, false, 'ünïcødé is not ASCII');
  const chunk = new PackedChunk(payload, 2, 3);
  assert.deepEqual([chunk.row(0), chunk.row(1)], plain);
});

test('a frame without a header line is refused', () => {
  assert.throws(() => readFrame(new TextEncoder().encode('no header')), /without a header/);
});
