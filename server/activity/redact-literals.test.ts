import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIALECTS } from '../protocol/index.ts';
import { redactLiterals, redactValues } from './redact-literals.ts';

const pg = DIALECTS.postgres.syntax;
const my = DIALECTS.mysql.syntax;
const lite = DIALECTS.sqlite.syntax;

test('string and number literals become ?, names and comments stay', () => {
  assert.equal(
    redactLiterals(pg, `SELECT "col1", t2.x FROM t2 WHERE email = 'a@b.c' AND n > 42.5e3 -- it's 'a' comment`).text,
    `SELECT "col1", t2.x FROM t2 WHERE email = ? AND n > ? -- it's 'a' comment`,
  );
  assert.equal(redactLiterals(pg, `SELECT $1, E'it\\'s', 'o''k', $$body 'x'$$, $fn$ y $fn$`).text, 'SELECT $1, ?, ?, ?, ?');
  assert.equal(redactLiterals(pg, 'SELECT 0x1F, .5, 1.').text, 'SELECT ?, ?, ?');
});

test('each engine by its own syntax: MySQL double quotes are strings, SQLite ones are names', () => {
  assert.equal(redactLiterals(my, `SELECT "secret", \`col\` FROM t # 'note'`).text, 'SELECT ?, `col` FROM t # \'note\'');
  assert.equal(redactLiterals(my, `SELECT 'a\\'b', "c\\"d"`).text, 'SELECT ?, ?');
  assert.equal(redactLiterals(lite, `SELECT "secret", [x y], 'v' FROM t`).text, 'SELECT "secret", [x y], ? FROM t');
});

test('the values found are returned, and can be taken out of an error message', () => {
  const { values } = redactLiterals(pg, `INSERT INTO users VALUES ('hunter2-secret', 7)`);
  assert.deepEqual(values, ['hunter2-secret', '7']);
  assert.equal(redactValues('Key (pw)=(hunter2-secret) already exists.', values), 'Key (pw)=(?) already exists.');
});

test('kept values (the opt-in) still hide a password literal', () => {
  const keep = { keepValues: true };
  assert.equal(redactLiterals(pg, `SELECT 'visible', 3`, keep).text, `SELECT 'visible', 3`);
  assert.equal(redactLiterals(pg, `ALTER ROLE app PASSWORD 's3cret!'`, keep).text, 'ALTER ROLE app PASSWORD ?');
  assert.equal(redactLiterals(pg, `CREATE USER u WITH ENCRYPTED PASSWORD $$s3cret$$`, keep).text, 'CREATE USER u WITH ENCRYPTED PASSWORD ?');
  assert.equal(redactLiterals(my, `CREATE USER 'u'@'%' IDENTIFIED BY 's3cret!'`, keep).text, `CREATE USER 'u'@'%' IDENTIFIED BY ?`);
  assert.equal(redactLiterals(my, `ALTER USER u IDENTIFIED WITH mysql_native_password BY 's3cret!'`, keep).text, 'ALTER USER u IDENTIFIED WITH mysql_native_password BY ?');
  assert.equal(redactLiterals(my, `SET PASSWORD = PASSWORD('s3cret!')`, keep).text, 'SET PASSWORD = PASSWORD(?)');
});

test('an unclosed literal is redacted to the end', () => {
  assert.equal(redactLiterals(pg, `SELECT 'never closed secret`).text, 'SELECT ?');
});
