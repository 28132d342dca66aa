import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS, type LexicalSyntax } from '../protocol/index.ts';
import { destructiveReason } from './destructive-guard.ts';

const SYNTAXES: Record<string, LexicalSyntax> = { postgres: DIALECTS.postgres.syntax, sqlite: DIALECTS.sqlite.syntax, mysql: DIALECTS.mysql.syntax };

/** Per syntax: statements the guard must flag, and ordinary ones it must leave alone. */
const CASES: Record<string, { flagged: string[]; ordinary: string[] }> = {
  postgres: {
    flagged: ['update t set x = $$ where $$', 'UPDATE t SET x = $body$ where $body$', "UPDATE t SET x = E'it\\'s where'", "update t set x = e'\\'' || 'where'"],
    ordinary: ["DELETE FROM t WHERE'a' = 'a'", "UPDATE t SET x = E'C:\\\\' WHERE id = 1"],
  },
  sqlite: {
    flagged: ['DELETE FROM [where]', 'DELETE FROM `where`', "UPDATE t SET x = 'C:\\', y = 'where'"],
    ordinary: ['DELETE FROM [t] WHERE [id] = 1', "UPDATE t SET x = 'C:\\' WHERE id = 1"],
  },
  mysql: {
    flagged: ["UPDATE t SET x = 'it\\'s where'", 'UPDATE t SET x = "say \\"where\\""', 'DELETE FROM t # where id = 1', 'DELETE FROM `where`'],
    ordinary: ['UPDATE t SET x = x--1 WHERE id = 1', 'DELETE FROM t WHERE id = 1 # by id', "UPDATE t SET x = 'C:\\\\' WHERE id = 1"],
  },
};

for (const [name, syntax] of Object.entries(SYNTAXES)) {
  describe(`destructive guard (${name})`, () => {
    test('flags what the original guard asked about', () => {
      for (const sql of ['DROP DATABASE shop', 'drop schema sales cascade', 'TRUNCATE orders', 'truncate table a, b', 'UPDATE t SET x = 1', 'DELETE FROM t',
        '  delete\nfrom t  ', "UPDATE t SET note = 'where'", 'DELETE FROM t -- where id = 1', 'DELETE FROM "where"', "DELETE FROM t /* where */",
        'WITH gone AS (SELECT 1) DELETE FROM t', ...CASES[name]!.flagged]) {
        assert.ok(destructiveReason(syntax, sql), sql);
      }
    });

    test('leaves ordinary statements alone', () => {
      for (const sql of ['SELECT * FROM t', 'UPDATE t SET x = 1 WHERE id = 2', 'DELETE FROM t WHERE id IN (SELECT id FROM u)', 'DROP TABLE t',
        "INSERT INTO t VALUES ('drop database x')", 'CREATE TABLE truncate_log (id int)', 'SELECT * FROM t WHERE x = 1', '/* drop database x */ SELECT 1',
        'WITH x AS (SELECT 1) SELECT * FROM x', 'delete from t where true', "UPDATE t SET note = 'it''s' WHERE id = 1", ...CASES[name]!.ordinary]) {
        assert.equal(destructiveReason(syntax, sql), undefined, sql);
      }
    });
  });
}

test('the reason says what would happen', () => {
  const { syntax } = DIALECTS.postgres;
  assert.equal(destructiveReason(syntax, 'delete from t'), 'DELETE without WHERE changes every row of the table.');
  assert.equal(destructiveReason(syntax, 'TRUNCATE t'), 'TRUNCATE removes every row of the table.');
  assert.equal(destructiveReason(syntax, 'drop schema s'), 'DROP SCHEMA removes everything in it.');
});
