// Where MySQL's error messages point, and which command a statement is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandOf, errorPosition } from './statement-errors.ts';

test('"near \'…\' at line N" finds the text on that line', () => {
  const sql = 'SELECT a\nFROM t\nWHERE a = = 1';
  assert.equal(errorPosition("You have an error in your SQL syntax; check the manual … near '= 1' at line 3", sql), sql.indexOf('= 1'));
  // The same text earlier in the script does not count: the line says where.
  const repeated = 'SELECT x\nSELECT x';
  assert.equal(errorPosition("… near 'SELECT x' at line 2", repeated), 9);
  assert.equal(errorPosition("… near '' at line 1", 'SELECT * FROM  '), 'SELECT * FROM'.length);
  assert.equal(errorPosition("… near 'emoji 😀 x' at line 1", "SELECT 'a' emoji 😀 x"), 11);
});

test('names in "Unknown column" and "doesn\'t exist" messages', () => {
  assert.equal(errorPosition("Unknown column 'b.nope' in 'SELECT'", 'SELECT b.nope FROM books b'), 'SELECT b.'.length);
  assert.equal(errorPosition("Table 'shop.missing' doesn't exist", 'SELECT * FROM `missing`'), 'SELECT * FROM '.length);
  assert.equal(errorPosition("Unknown column 'id' in 'WHERE'", 'SELECT idx FROM t WHERE id = 1'), 'SELECT idx FROM t WHERE '.length);
  assert.equal(errorPosition('Duplicate entry for key PRIMARY', 'INSERT INTO t VALUES (1)'), null);
});

test('commands are named from the first words, past comments', () => {
  assert.deepEqual(commandOf('/* hi */ -- note\n# more\n  select 1'), { command: 'SELECT', counts: false });
  assert.deepEqual(commandOf('CREATE OR REPLACE TEMPORARY TABLE x (a int)'), { command: 'CREATE TABLE', counts: false });
  assert.deepEqual(commandOf('create definer=`root`@`%` procedure p() begin end'), { command: 'CREATE PROCEDURE', counts: false });
  assert.deepEqual(commandOf('REPLACE INTO t VALUES (1)'), { command: 'REPLACE', counts: true });
  assert.deepEqual(commandOf('update t set a = 1'), { command: 'UPDATE', counts: true });
  assert.deepEqual(commandOf(''), { command: null, counts: false });
});
