import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RingBuffer } from './ring-buffer.ts';

test('keeps the newest items up to its capacity, oldest first', () => {
  const ring = new RingBuffer<number>(3);
  assert.deepEqual(ring.toArray(), []);
  ring.push(1);
  ring.push(2);
  assert.deepEqual(ring.toArray(), [1, 2]);
  for (const n of [3, 4, 5]) ring.push(n);
  assert.deepEqual(ring.toArray(), [3, 4, 5]);
});
