import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRowBatch, decodeRows, encodeRows } from '../protocol/index.ts';
import { FRAME_HEADROOM, rowBatchFrameFromBytes } from '../protocol/row-batch-buffer.ts';
import { splitFirstRows } from './first-frame.ts';

const rows = Array.from({ length: 5 }, (_, i) => [String(i), i % 2 ? null : `row ${i}`, '']);
const read = (events: ReturnType<typeof splitFirstRows>) =>
  events.map((e) => (e.packed ? decodeRows(e.packed.bytes.toString('utf8'), e.packed.count) : e.rows));

test('a batch is split into its first rows and the rest, packed or not, the same rows in order', () => {
  const bytes = { kind: 'rows' as const, rows: [], packed: { bytes: Buffer.from(encodeRows(rows)!), count: rows.length, room: 0 } };
  for (const event of [{ kind: 'rows' as const, rows }, bytes]) {
    const parts = splitFirstRows(event, 2);
    assert.deepEqual(read(parts), [rows.slice(0, 2), rows.slice(2)]);
    assert.deepEqual(parts.map((p) => p.packed?.count ?? p.rows.length), [2, 3]);
  }
  assert.deepEqual(splitFirstRows(bytes, 2)[1]!.rows, rows.slice(2), 'packed parts decode their rows on demand');
});

test('a batch no bigger than the first frame is sent as it is', () => {
  const event = { kind: 'rows' as const, rows };
  assert.deepEqual(splitFirstRows(event, 5), [event]);
  assert.deepEqual(splitFirstRows(event), [event]);
});

test('packed bytes with room for the header: the first part keeps it, the rest has none (its front is the first part\'s rows)', () => {
  const payload = Buffer.from(encodeRows(rows)!);
  const memory = Buffer.alloc(FRAME_HEADROOM + payload.length);
  payload.copy(memory, FRAME_HEADROOM);
  const event = { kind: 'rows' as const, rows: [], packed: { bytes: memory.subarray(FRAME_HEADROOM), count: rows.length, room: FRAME_HEADROOM } };
  const parts = splitFirstRows(event, 2);
  assert.deepEqual(parts.map((p) => p.packed?.room), [FRAME_HEADROOM, 0]);
  // Frames built in order, as the query endpoint does: the second must not overwrite the first.
  const frames = parts.map((p, i) => rowBatchFrameFromBytes('q', i, p.packed!.count, p.packed!.bytes, p.packed!.room));
  assert.deepEqual(frames.map((f) => decodeRowBatch(f.toString('utf8')).rows), [rows.slice(0, 2), rows.slice(2)]);
});
