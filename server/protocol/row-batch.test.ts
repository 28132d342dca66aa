import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRowBatch, encodeRowBatch } from './row-batch.ts';

test('round trip: text, empty strings, NULLs, unicode, newlines and tabs survive', () => {
  const rows = [
    ['1', '', null, 'naïve ✓ 😀'],
    ['2', 'line\nbreak\tand\r', 'a,b;"c"', null],
    [null, null, null, ''],
  ];
  const text = encodeRowBatch('q7', 2, rows);
  assert.ok(text);
  assert.deepEqual(decodeRowBatch(text), { type: 'rows', id: 'q7', index: 2, rows });
});

test('single-column and single-row batches', () => {
  assert.deepEqual(decodeRowBatch(encodeRowBatch('a', 0, [['x']])!).rows, [['x']]);
  assert.deepEqual(decodeRowBatch(encodeRowBatch('a', 0, [[''], [null], ['']])!).rows, [[''], [null], ['']]);
});

test('a cell holding a reserved character is not encoded (the JSON message is used instead)', () => {
  for (const cell of ['a\x1fb', 'a\x1eb', '\x00', 'x\x00']) assert.equal(encodeRowBatch('a', 0, [['ok', cell]]), null, JSON.stringify(cell));
  assert.equal(encodeRowBatch('a', 0, [[], []]), null, 'rows without columns');
  assert.equal(encodeRowBatch('a', 0, []), null);
});

test('a frame whose row count disagrees with its header is refused, not misread', () => {
  const text = encodeRowBatch('a', 0, [['1'], ['2']])!;
  assert.throws(() => decodeRowBatch(text.replace('"count":2', '"count":3')), /says 3 rows but holds 2/);
});
