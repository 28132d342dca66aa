import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arrangedColumns, moveColumn, stepColumn } from './column-order.ts';

test('a tab shows the user\'s column order over the table\'s, dropping gone columns and adding new ones last', () => {
  assert.deepEqual(arrangedColumns(['id', 'name', 'price'], null), ['id', 'name', 'price']);
  assert.deepEqual(arrangedColumns(['id', 'name', 'price', 'added'], ['price', 'gone', 'id', 'name']), ['price', 'id', 'name', 'added']);
});

test('a column moves before another (a header dropped on it), to the end, or one step', () => {
  assert.deepEqual(moveColumn(['a', 'b', 'c', 'd'], 'd', 'b'), ['a', 'd', 'b', 'c']);
  assert.deepEqual(moveColumn(['a', 'b', 'c', 'd'], 'a', 'c'), ['b', 'a', 'c', 'd']);
  assert.deepEqual(moveColumn(['a', 'b', 'c'], 'a', null), ['b', 'c', 'a']);
  assert.deepEqual(moveColumn(['a', 'b', 'c'], 'b', 'b'), ['a', 'b', 'c']);
  assert.deepEqual(stepColumn(['a', 'b', 'c'], 'b', -1), ['b', 'a', 'c']);
  assert.deepEqual(stepColumn(['a', 'b', 'c'], 'c', 1), ['a', 'b', 'c']);
});
