// The dialect table as its readers use it: splitting scripts, writing names into SQL,
// labelling connections.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeConnection, DIALECTS, quoteIdentifier, selectTopSql, splitStatements, statementAt, suggestConnectionName, type Dialect } from './index.ts';

const { postgres, sqlite } = DIALECTS;

test('scripts split the way each engine reads them', () => {
  const body = 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT f();';
  assert.deepEqual(splitStatements(postgres, body).map((s) => s.text), ['CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql', 'SELECT f()']);
  const trigger = 'CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; END;\nSELECT 1;';
  assert.deepEqual(splitStatements(sqlite, trigger).map((s) => s.text), ['CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; END', 'SELECT 1']);
  const script = 'SELECT 1;\n\nSELECT 2;';
  assert.equal(statementAt(sqlite, script, script.length)?.text, 'SELECT 2');
  assert.equal(statementAt(sqlite, script, 3)?.text, 'SELECT 1');
});

test('names are quoted with the dialect\'s quotes, a quote inside doubled', () => {
  assert.equal(quoteIdentifier(postgres, 'order "items"'), '"order ""items"""');
  const backticks = { ...sqlite, identifierQuote: { open: '`', close: '`' } } as Dialect;
  assert.equal(quoteIdentifier(backticks, 'a`b'), '`a``b`');
  assert.equal(selectTopSql(postgres, 'public', 'Orders'), 'SELECT * FROM "Orders" LIMIT 100;');
  assert.equal(selectTopSql(postgres, 'sales', 'orders', 5), 'SELECT * FROM "sales"."orders" LIMIT 5;');
  assert.equal(selectTopSql(sqlite, 'main', 'orders'), 'SELECT * FROM "orders" LIMIT 100;');
  assert.equal(selectTopSql(backticks, 'aux', 'orders'), 'SELECT * FROM `aux`.`orders` LIMIT 100;');
});

test('connections are labelled from their settings, without a password', () => {
  const server = { ...postgres.connection.defaults, host: 'db.example', database: 'sales', user: 'alice' };
  assert.equal(describeConnection(server), 'PostgreSQL · alice@db.example:5432/sales');
  assert.equal(suggestConnectionName(server), 'sales on db.example');
  const file = { engine: 'sqlite' as const, file: '/data/shop.db', readOnly: true };
  assert.equal(describeConnection(file), 'SQLite · /data/shop.db (read-only)');
  assert.equal(suggestConnectionName(file), 'shop.db');
});
