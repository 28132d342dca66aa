import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TableInfo } from '../../server/protocol/index.ts';
import { filterText, parseFilter } from './filter-text.ts';
import { EMPTY, duplicateRow, editCell, insertRow, stagedCount, toChanges, toggleDeletes } from './staged-changes.ts';

const info: TableInfo = {
  schema: 'main',
  table: 't',
  kind: 'table',
  key: ['id'],
  readOnlyReason: null,
  references: [],
  referencedBy: [],
  estimate: 3,
  columns: ['id', 'name', 'note'].map((name) => ({ name, dataType: 'TEXT', nullable: name !== 'id', default: null, autoIncrement: name === 'id', numeric: false, binary: false, key: name === 'id' })),
};
const columns = ['id', 'name', 'note'];

test('filter boxes: contains, equals, ranges, null, in list — and back to text', () => {
  assert.equal(parseFilter('a', '  '), null);
  assert.deepEqual(parseFilter('a', 'abc'), { kind: 'contains', column: 'a', value: 'abc' });
  assert.deepEqual(parseFilter('a', '= 42'), { kind: 'equals', column: 'a', value: '42' });
  assert.deepEqual(parseFilter('a', '>= 5'), { kind: 'range', column: 'a', min: '5', max: null });
  assert.deepEqual(parseFilter('a', '<9'), { kind: 'range', column: 'a', min: null, max: '9' });
  assert.deepEqual(parseFilter('a', '2024-01-01..2024-12-31'), { kind: 'range', column: 'a', min: '2024-01-01', max: '2024-12-31' });
  assert.deepEqual(parseFilter('a', 'NULL'), { kind: 'null', column: 'a', isNull: true });
  assert.deepEqual(parseFilter('a', '!null'), { kind: 'null', column: 'a', isNull: false });
  assert.deepEqual(parseFilter('a', 'in 1, 2,3'), { kind: 'in', column: 'a', values: ['1', '2', '3'] });
  for (const text of ['= 42', 'abc', '>= 5', '<= 9', '1..2', 'null', '!null', 'in 1, 2']) assert.equal(filterText(parseFilter('a', text)!), text);
});

test('staged edits keep what was read, drop an edit set back, and become one change set', () => {
  let staged = editCell(EMPTY, info, columns, ['1', 'a', null], 'name', 'b');
  staged = editCell(staged, info, columns, ['1', 'a', null], 'note', '');
  staged = editCell(staged, info, columns, ['2', 'x', 'y'], 'name', 'z');
  staged = editCell(staged, info, columns, ['2', 'x', 'y'], 'name', 'x');
  staged = insertRow(staged, { name: 'new' });
  staged = duplicateRow(staged, info, columns, ['1', 'a', null]);
  staged = toggleDeletes(staged, info, columns, [['3', 'c', null]]);
  assert.equal(stagedCount(staged), 4);
  assert.deepEqual(toChanges(staged), [
    { kind: 'update', key: { id: '1' }, original: { name: 'a', note: null }, values: { name: 'b', note: '' } },
    { kind: 'insert', values: { name: 'new' } },
    { kind: 'insert', values: { name: 'a', note: null } },
    { kind: 'delete', key: { id: '3' } },
  ]);
  staged = toggleDeletes(staged, info, columns, [['3', 'c', null]]);
  assert.equal(stagedCount(staged), 3);
});
