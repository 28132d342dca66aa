// While a job runs, garbage past the ceiling is collected — at once, not when V8 would get
// to it — and once per growth; with no job running, nothing is watched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { getHeapStatistics } from 'node:v8';
import { GROWTH_BYTES, watchJobMemory } from './memory-ceiling.ts';

const MB = 1024 * 1024;
const external = () => getHeapStatistics().external_memory;
/** Buffers of `bytes` in all, dropped at once: garbage V8 does not collect by itself yet. */
function garbage(bytes: number): void {
  let chunks: Buffer[] | null = Array.from({ length: Math.ceil(bytes / MB) }, () => Buffer.alloc(MB, 1));
  assert.ok(chunks.length > 0);
  chunks = null;
}

test('garbage grown past the ceiling during a job is collected', async () => {
  const before = external();
  const stop = watchJobMemory();
  try {
    garbage(GROWTH_BYTES + 16 * MB);
    await sleep(300);
    assert.ok(external() - before < 8 * MB, `external memory grew by ${((external() - before) / MB).toFixed(0)} MB`);
  } finally {
    stop();
  }
});

test('one collection per growth past the ceiling, and none once no job runs', async () => {
  let collections = 0;
  const held: Buffer[][] = [];
  const stop = watchJobMemory(() => collections++);
  try {
    // Memory that stays (a collection frees nothing): collected at once, then not again
    // until it grows by the ceiling once more.
    held.push(Array.from({ length: GROWTH_BYTES / MB + 4 }, () => Buffer.alloc(MB, 1)));
    await sleep(300);
    assert.equal(collections, 1);
    await sleep(300);
    assert.equal(collections, 1);
    held.push(Array.from({ length: GROWTH_BYTES / MB + 4 }, () => Buffer.alloc(MB, 1)));
    await sleep(300);
    assert.equal(collections, 2);
  } finally {
    stop();
  }
  held.push(Array.from({ length: GROWTH_BYTES / MB + 4 }, () => Buffer.alloc(MB, 1)));
  await sleep(300);
  assert.equal(collections, 2);
});
