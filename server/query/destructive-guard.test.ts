import assert from 'node:assert/strict';
import { test } from 'node:test';
import { destructiveReason } from './destructive-guard.ts';

test('flags what the original guard asked about', () => {
  for (const sql of ['DROP DATABASE shop', 'drop schema sales cascade', 'TRUNCATE orders', 'truncate table a, b', 'UPDATE t SET x = 1', 'DELETE FROM t',
    '  delete\nfrom t  ', "UPDATE t SET note = 'where'", 'DELETE FROM t -- where id = 1', 'DELETE FROM "where"',
    'WITH gone AS (SELECT 1) DELETE FROM t', 'update t set x = $$ where $$']) {
    assert.ok(destructiveReason(sql), sql);
  }
});

test('leaves ordinary statements alone', () => {
  for (const sql of ['SELECT * FROM t', 'UPDATE t SET x = 1 WHERE id = 2', 'DELETE FROM t WHERE id IN (SELECT id FROM u)', 'DROP TABLE t',
    "INSERT INTO t VALUES ('drop database x')", 'CREATE TABLE truncate_log (id int)', 'SELECT * FROM t WHERE x = 1', '/* drop database x */ SELECT 1',
    'WITH x AS (SELECT 1) SELECT * FROM x', 'delete from t where true']) {
    assert.equal(destructiveReason(sql), undefined, sql);
  }
});

test('the reason says what would happen', () => {
  assert.equal(destructiveReason('delete from t'), 'DELETE without WHERE changes every row of the table.');
  assert.equal(destructiveReason('TRUNCATE t'), 'TRUNCATE removes every row of the table.');
});
