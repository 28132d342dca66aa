// The explorer on a MariaDB catalog of 10,000 tables: pages, search and completion stay
// fast (names come from the directory listing; row estimates are looked up only for the
// page's tables). Plus what the contract does not cover: system databases hidden,
// AUTO_INCREMENT, generated columns, prefix and unique indexes, quoted defaults.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMariadb, type TestMariadb } from '../../testing/mariadb.ts';
import type { Driver } from '../driver.ts';
import { connect } from '../index.ts';

let server: TestMariadb;
let driver: Driver;

before(async () => {
  server = await startMariadb({ database: 'wide' });
  const started = performance.now();
  // Tables in the shared tablespace: no file to create per table, so the setup is quicker.
  server.rootSql(
    'SET GLOBAL innodb_file_per_table = 0;\n' +
    Array.from({ length: 10_000 }, (_, i) => `CREATE TABLE wide.t_${String(i + 1).padStart(5, '0')} (id int PRIMARY KEY, label varchar(50))`).join(';\n'),
  );
  console.log(`created 10,000 tables in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  driver = await connect({ engine: 'mysql', host: server.host, port: server.port, user: server.user, password: server.password, database: 'wide', ssl: { mode: 'disable' }, connectTimeoutSeconds: 10 });
});

after(async () => {
  await driver?.close();
  await server?.stop();
});

describe('a catalog of 10,000 tables', () => {
  test('lists every table page by page, searches and bounds completion, fast', async () => {
    const timings: number[] = [];
    const names: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const started = performance.now();
      const page = await driver.listObjects('wide', { offset, limit: 500 });
      timings.push(performance.now() - started);
      assert.equal(page.total, 10_000);
      if (page.objects.length === 0) break;
      names.push(...page.objects.map((o) => o.name));
      assert.ok(page.objects.every((o) => o.rowEstimate === 0));
    }
    assert.equal(names.length, 10_000);
    assert.equal(new Set(names).size, 10_000);
    assert.equal(names[0], 't_00001');
    assert.equal(names.at(-1), 't_10000');
    const slowest = Math.max(...timings);
    console.log(`slowest page of 500: ${slowest.toFixed(0)} ms`);
    assert.ok(slowest < 2000, `a page took ${slowest.toFixed(0)} ms`);

    const search = await driver.listObjects('wide', { search: 'T_0999', limit: 50 });
    assert.equal(search.total, 10);
    assert.deepEqual(search.objects.map((o) => o.name), Array.from({ length: 10 }, (_, i) => `t_0999${i}`));
    assert.equal((await driver.searchObjects('t_10000', 5))[0]?.name, 't_10000');

    const started = performance.now();
    const completion = await driver.completionSchema(2000);
    console.log(`completion of 2,000 tables: ${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(completion.tables.length, 2000);
    assert.equal(completion.truncated, true);
    assert.equal(completion.defaultSchema, 'wide');
    assert.deepEqual(completion.tables[0], { schema: 'wide', name: 't_00001', columns: ['id', 'label'] });
    assert.deepEqual(await driver.listSchemas(), [{ name: 'wide', objectCount: 10_000 }]);
  });
});

test('columns: AUTO_INCREMENT, generated, defaults; prefix and unique indexes; system databases hidden', async () => {
  server.rootSql(`CREATE DATABASE shop; CREATE TABLE shop.items (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      name VARCHAR(100) NOT NULL DEFAULT 'it''s',
      price DECIMAL(8,2),
      total DECIMAL(10,2) AS (price * 2) STORED,
      created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
      notes TEXT,
      UNIQUE KEY name_u (name), KEY notes_prefix (notes(20))
    ); INSERT INTO shop.items (name, price) VALUES ('a', 1), ('b', 2); ANALYZE TABLE shop.items;`);
  const items = await driver.describe('shop', 'items');
  assert.deepEqual(items.columns.map((c) => [c.name, c.dataType, c.nullable, c.default, c.primaryKeyPosition]), [
    ['id', 'bigint(20) unsigned', false, 'AUTO_INCREMENT', 1],
    ['name', 'varchar(100)', false, "'it''s'", null],
    ['price', 'decimal(8,2)', true, null, null],
    ['total', 'decimal(10,2)', true, 'GENERATED ALWAYS AS (`price` * 2) STORED', null],
    ['created', 'timestamp', false, 'current_timestamp()', null],
    ['notes', 'text', true, null, null],
  ]);
  assert.deepEqual(items.indexes.map((i) => i.definition), [
    'CREATE UNIQUE INDEX `name_u` ON `items` (`name`)',
    'CREATE INDEX `notes_prefix` ON `items` (`notes`(20))',
    'PRIMARY KEY (`id`)',
  ]);
  assert.equal(items.rowEstimate, 2);
  const schemas = (await driver.listSchemas()).map((s) => s.name);
  assert.deepEqual(schemas, ['shop', 'wide']);
});
