import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortedQuery } from './sorted-query.ts';

test('a query is wrapped and ordered by the column position', () => {
  assert.equal(sortedQuery('SELECT a, b FROM t;  \n', 1, 'desc'), 'SELECT * FROM (\nSELECT a, b FROM t\n) AS sorted_result ORDER BY 2 DESC');
  assert.equal(sortedQuery('-- note\nwith x as (select 1) select * from x -- trailing', 0, 'asc'), 'SELECT * FROM (\n-- note\nwith x as (select 1) select * from x -- trailing\n) AS sorted_result ORDER BY 1 ASC');
});

test('statements that are not plain queries are not wrapped', () => {
  assert.equal(sortedQuery('SHOW search_path', 0, 'asc'), null);
  assert.equal(sortedQuery('PRAGMA table_info(t)', 0, 'asc'), null);
  assert.equal(sortedQuery('/* x */ DELETE FROM t RETURNING *', 0, 'asc'), null);
});
