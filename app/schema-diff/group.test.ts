import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiffItem } from '../../server/protocol/index.ts';
import { groupDifferences, summarize } from './group.ts';

const item = (key: string, kind: DiffItem['kind'], table: string, change: DiffItem['change'], destructive = false): DiffItem => ({
  key, kind, table, name: key.split('.').at(-1)!, change, source: change === 'removed' ? null : 'x', target: change === 'added' ? null : 'y', destructive,
});

test('differences are grouped per table, the table line first, destructive ones counted', () => {
  const groups = groupDifferences([
    item('index:b.b_i', 'index', 'b', 'added'),
    item('column:b.x', 'column', 'b', 'removed', true),
    item('table:a', 'table', 'a', 'added'),
    item('table:b', 'table', 'b', 'changed'),
  ]);
  assert.deepEqual(groups.map((g) => [g.table, g.items.map((i) => i.kind), g.destructive]), [['a', ['table'], 0], ['b', ['table', 'column', 'index'], 1]]);
  assert.equal(summarize(groups.flatMap((g) => g.items)), '4 differences: 2 only in source, 1 only in target, 1 changed');
  assert.equal(summarize([]), 'No differences');
});
