import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rowWindow, scrollTopFor } from './row-window.ts';

const g = { rowHeight: 24, headerHeight: 24 };

test('the rows under the viewport, with overscan, whatever the count', () => {
  assert.deepEqual(rowWindow(0, 240, 1_000_000, g, 0), { first: 0, last: 9 });
  assert.deepEqual(rowWindow(24 * 500_000, 240, 1_000_000, g, 2), { first: 499_998, last: 500_011 });
  assert.deepEqual(rowWindow(24 * 999_990, 240, 1_000_000, g, 5), { first: 999_985, last: 999_999 });
  assert.deepEqual(rowWindow(0, 240, 3, g, 10), { first: 0, last: 2 });
  assert.deepEqual(rowWindow(0, 240, 0, g, 10), { first: 0, last: -1 });
});

test('scrolling a row into view keeps it whole and below the header', () => {
  assert.equal(scrollTopFor(5, 0, 240, g), null); // rows 0–8 are fully shown
  assert.equal(scrollTopFor(9, 0, 240, g), 24); // row 9 ends at 264: move down by one row
  assert.equal(scrollTopFor(4, 24 * 10, 240, g), 24 * 4); // above: row 4 right under the header
  assert.equal(scrollTopFor(999_999, 0, 240, g), 24 + 1_000_000 * 24 - 240); // Ctrl+End: the last row at the bottom
});
