import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchColumns } from './column-search.ts';

const completion = {
  schemas: ['main'],
  defaultSchema: 'main',
  truncated: false,
  tables: [
    { schema: 'main', name: 'track', columns: ['track_id', 'name', 'genre_id'] },
    { schema: 'main', name: 'genre', columns: ['genre_id', 'name'] },
  ],
};

test('a column name matches in every table; "table.column" only in matching tables', () => {
  assert.deepEqual(searchColumns(completion, 'GENRE_').map((h) => `${h.table}.${h.column}`), ['track.genre_id', 'genre.genre_id']);
  assert.deepEqual(searchColumns(completion, 'track.gen').map((h) => `${h.table}.${h.column}`), ['track.genre_id']);
  assert.deepEqual(searchColumns(completion, 'genre.').map((h) => h.column), ['genre_id', 'name']);
  assert.deepEqual(searchColumns(completion, 'nothing'), []);
  assert.deepEqual(searchColumns(null, 'name'), []);
  assert.equal(searchColumns(completion, 'name', 1).length, 1);
});
