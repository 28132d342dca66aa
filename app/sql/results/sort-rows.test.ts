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

test('a million rows sort in slices: the page gets the thread back every few thousand steps', async () => {
  // Counted, not timed: with a zero time budget the sort gives the thread back at every
  // check point, so the number of pauses shows the work is cut up (a wall-clock bound
  // would fail on a loaded machine and prove nothing on a fast one).
  const count = 1_000_000;
  const cells = Array.from({ length: count }, (_, i) => String((i * 7919) % count));
  let slices = 0;
  const result = await sortOrder(count, (i) => cells[i], true, 'desc', {
    sliceMs: 0,
    pause: async () => {
      slices++;
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
  assert.equal(result.length, count);
  assert.equal(cells[result[0]!], String(count - 1));
  assert.equal(cells[result[count - 1]!], '0');
  // Reading the keys alone is 245 check points of 4,096 rows; the merge passes add more.
  assert.ok(slices > 2 * Math.ceil(count / 4096), `sorted in ${slices} slices`);
});

test('an aborted sort stops', async () => {
  const controller = new AbortController();
  controller.abort(new Error('new sort'));
  await assert.rejects(sortOrder(100_000, (i) => String(i), true, 'asc', { signal: controller.signal, sliceMs: 0 }), /new sort/);
});
