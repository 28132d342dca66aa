import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeRowBatchBuffer, FRAME_HEADROOM, rowBatchFrameFromBytes } from './row-batch-buffer.ts';
import { decodeRowBatch, encodeRowBatch, encodeRows } from './row-batch.ts';

const same = (rows: (string | null)[][]) => {
  const bytes = encodeRowBatchBuffer('q7', 3, rows);
  assert.ok(bytes);
  assert.deepEqual(bytes, Buffer.from(encodeRowBatch('q7', 3, rows)!));
  assert.deepEqual(decodeRowBatch(bytes.toString('utf8')).rows, rows);
};

test('the bytes are exactly the UTF-8 of the text frame: ASCII, accents, CJK, emoji, NULLs, empty cells', () => {
  same([
    ['1', '', null, 'naïve ✓ 😀'],
    ['2', 'line\nbreak\tand\r', 'a,b;"c"', null],
    [null, null, null, ''],
    ['漢字', 'ascii then é', 'é then ascii', '\x7f\x80\u07ff\u0800\uffff'],
  ]);
  same([['x']]);
  same([[''], [null], ['']]);
});

test('batches bigger than the scratch buffer, and one huge cell', () => {
  same(Array.from({ length: 20_000 }, (_, i) => [String(i), `customer ${i} ✓`, null]));
  same([['a'.repeat(5_000_000)], ['é'.repeat(1_000_000)], ['short']]);
  same([['after the huge ones']]);
});

test('a cell holding a reserved character gives null (the JSON message is used instead)', () => {
  for (const cell of ['a\x1fb', 'a\x1eb', '\x00', 'x\x00', 'é\x1f', '😀\x00', 'é\x1e'])
    assert.equal(encodeRowBatchBuffer('a', 0, [['ok', 'é'], ['ok', cell]]), null, JSON.stringify(cell));
  assert.equal(encodeRowBatchBuffer('a', 0, [[], []]), null, 'rows without columns');
  assert.equal(encodeRowBatchBuffer('a', 0, []), null);
  assert.equal(encodeRowBatchBuffer('a', 0, [['1', '2'], ['3']]), null, 'rows of different widths');
  same([['ok', 'é'], ['still encodes after a refusal', null]]);
});

test('each frame is its own buffer: a later batch does not overwrite an earlier one still being sent', () => {
  const first = encodeRowBatchBuffer('a', 0, [['first']])!;
  const copy = Buffer.from(first);
  encodeRowBatchBuffer('a', 1, [['second, longer']]);
  assert.deepEqual(first, copy);
});

test('a frame around rows already packed as bytes is the same frame as around their text', () => {
  const rows = [['1', 'naïve ✓', null], ['2', '', '😀']];
  const payload = Buffer.from(encodeRows(rows)!);
  const expected = Buffer.from(encodeRowBatch('q7', 3, rows)!);
  assert.deepEqual(rowBatchFrameFromBytes('q7', 3, rows.length, payload), expected);
  // With room in front, the header is written there: the frame is the same bytes, not a copy.
  const memory = Buffer.alloc(FRAME_HEADROOM + payload.length);
  payload.copy(memory, FRAME_HEADROOM);
  const inPlace = rowBatchFrameFromBytes('q7', 3, rows.length, memory.subarray(FRAME_HEADROOM), FRAME_HEADROOM);
  assert.deepEqual(inPlace, expected);
  assert.equal(inPlace.buffer, memory.buffer);
  // A header longer than the room (a long id) is copied in front instead.
  const id = 'x'.repeat(FRAME_HEADROOM);
  assert.deepEqual(rowBatchFrameFromBytes(id, 3, rows.length, memory.subarray(FRAME_HEADROOM), FRAME_HEADROOM), Buffer.from(encodeRowBatch(id, 3, rows)!));
});
