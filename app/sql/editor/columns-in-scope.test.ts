import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnsInScope, tablesInStatement } from './columns-in-scope.ts';

const completion = {
  schemas: ['main', 'sales'],
  defaultSchema: 'main',
  truncated: false,
  tables: [
    { schema: 'main', name: 'track', columns: ['track_id', 'genre_id'] },
    { schema: 'main', name: 'Genre', columns: ['genre_id', 'name'] },
    { schema: 'sales', name: 'invoice', columns: ['invoice_id', 'total'] },
  ],
};

test('tables of FROM, JOIN, UPDATE, INTO and comma lists, quoted or qualified', () => {
  const names = (sql: string) => tablesInStatement(sql).map((t) => (t.schema ? `${t.schema}.${t.name}` : t.name));
  assert.deepEqual(names('select * from track where gen'), ['track']);
  assert.deepEqual(names('SELECT * FROM track t JOIN "Genre" g ON g.genre_id = t.genre_id WHERE '), ['track', 'Genre']);
  assert.deepEqual(names('select * from track, sales.invoice i, `x``y` where '), ['track', 'sales.invoice', 'x`y']);
  assert.deepEqual(names('update track set '), ['track']);
  assert.deepEqual(names('insert into [my table] ('), ['my table']);
  assert.deepEqual(names('select '), []);
});

test('columns of those tables come from the completion schema', () => {
  assert.deepEqual(columnsInScope('select * from track where gen', completion).map((c) => c.column), ['track_id', 'genre_id']);
  assert.deepEqual(columnsInScope('select * from genre join sales.invoice on ', completion).map((c) => `${c.table}.${c.column}`),
    ['Genre.genre_id', 'Genre.name', 'invoice.invoice_id', 'invoice.total']);
  assert.deepEqual(columnsInScope('select * from invoice where ', completion).map((c) => c.column), ['invoice_id', 'total']); // only one table of that name
  assert.deepEqual(columnsInScope('select * from nope where ', completion), []);
  assert.deepEqual(columnsInScope('select * from track', null), []);
});
