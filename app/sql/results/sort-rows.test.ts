import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortOrder, sortOrderSync } from './sort-rows.ts';

const order = (cells: (string | null)[], numeric: boolean, direction: 'asc' | 'desc') => [...sortOrderSync(cells.length, (i) => cells[i], numeric, direction)].map((i) => cells[i]);

test('numbers sort by value, text by code unit, NULLs last going up and first going down', () => {
  assert.deepEqual(order(['10', '9', null, '-1.5', '1e2', 'NaN'], true, 'asc'), ['-1.5', '9', '10', '1e2', 'NaN', null]);
  assert.deepEqual(order(['10', '9', null, '-1.5'], true, 'desc'), [null, '10', '9', '-1.5']);
  assert.deepEqual(order(['b', 'B', null, 'a', ''], false, 'asc'), ['', 'B', 'a', 'b', null]);
  assert.deepEqual(order([], false, 'asc'), []);
});

test('the sort is stable: equal keys keep the data order', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => [String(i % 3), String(i)]);
  const result = [...sortOrderSync(rows.length, (i) => rows[i]![0], true, 'asc')];
  for (let k = 1; k < result.length; k++) {
    const [a, b] = [rows[result[k - 1]!]!, rows[result[k]!]!];
    assert.ok(a[0]! < b[0]! || (a[0] === b[0] && Number(a[1]) < Number(b[1])));
  }
});

test('a million rows sort in slices that never hold the page for long', async () => {
  const count = 1_000_000;
  const cells = Array.from({ length: count }, (_, i) => String((i * 7919) % count));
  let longest = 0;
  let last = performance.now();
  let slices = 0;
  const result = await sortOrder(count, (i) => cells[i], true, 'desc', {
    sliceMs: 8,
    pause: async () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      slices++;
      await new Promise((resolve) => setImmediate(resolve));
      last = performance.now();
    },
  });
  assert.equal(result.length, count);
  assert.equal(cells[result[0]!], String(count - 1));
  assert.equal(cells[result[count - 1]!], '0');
  assert.ok(slices > 10, `sorted in ${slices} slices`);
  assert.ok(longest < 50, `the longest slice held the thread ${longest.toFixed(1)} ms`);
});

test('an aborted sort stops', async () => {
  const controller = new AbortController();
  controller.abort(new Error('new sort'));
  await assert.rejects(sortOrder(100_000, (i) => String(i), true, 'asc', { signal: controller.signal, sliceMs: 0 }), /new sort/);
});
