// The first-run sample database: related tables with thousands of rows, identical on every
// run, consistent (foreign keys hold), with statistics, built atomically.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { sqliteFactory } from '../sqlite.ts';
import { createSampleDatabase, SAMPLE_SIZES } from './sample-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'dbt-sample-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Every row of every table, in order: equal digests mean equal databases. */
function contents(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return JSON.stringify(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).raw().all()]));
  } finally {
    db.close();
  }
}

test('creates related tables with thousands of rows, a view, indexes and statistics', async () => {
  const file = join(dir, 'samples', 'sample.db');
  createSampleDatabase(file);
  const driver = await sqliteFactory.connect({ engine: 'sqlite', file, readOnly: true });
  try {
    const page = await driver.listObjects('main');
    assert.deepEqual(
      page.objects.map((o) => [o.name, o.kind]),
      [['categories', 'table'], ['customers', 'table'], ['employees', 'table'], ['order_items', 'table'], ['order_totals', 'view'], ['orders', 'table'], ['products', 'table']],
    );
    const estimates = Object.fromEntries(page.objects.map((o) => [o.name, o.rowEstimate]));
    assert.equal(estimates.customers, SAMPLE_SIZES.customers);
    assert.equal(estimates.orders, SAMPLE_SIZES.orders);
    assert.ok((estimates.order_items ?? 0) > SAMPLE_SIZES.orders, 'every order has at least one item');

    const orders = await driver.describe('main', 'orders');
    assert.deepEqual(orders.foreignKeys.map((fk) => [fk.columns, fk.referencedTable, fk.onDelete]), [
      [['customer_id'], 'customers', 'CASCADE'],
      [['employee_id'], 'employees', 'SET NULL'],
    ]);
    assert.deepEqual(orders.indexes.map((i) => i.name), ['orders_customer_id', 'orders_employee_id', 'orders_ordered_at']);

    const session = await driver.openSession();
    const rows = async (sql: string) => {
      const all: (string | null)[][] = [];
      for await (const event of session.run(sql, { batchSize: 1000 })) if (event.kind === 'rows') all.push(...event.rows);
      return all;
    };
    assert.deepEqual(await rows('PRAGMA foreign_key_check'), []);
    assert.deepEqual(await rows('SELECT count(*) FROM orders WHERE NOT EXISTS (SELECT 1 FROM order_items WHERE order_id = orders.id)'), [['0']]);
    // Shipping happens after ordering, and only for shipped or delivered orders.
    assert.deepEqual(await rows("SELECT count(*) FROM orders WHERE shipped_at <= ordered_at OR (shipped_at IS NULL) = (status IN ('shipped', 'delivered'))"), [['0']]);
    const [total] = await rows('SELECT count(*), min(total) > 0 FROM order_totals');
    assert.deepEqual(total, [String(SAMPLE_SIZES.orders), '1']);
  } finally {
    await driver.close();
  }
});

test('is the same database every time', () => {
  const first = join(dir, 'first.db');
  const second = join(dir, 'second.db');
  createSampleDatabase(first);
  createSampleDatabase(second);
  assert.equal(contents(first), contents(second));
});

test('replaces an existing file atomically and leaves no temporary file behind', () => {
  const target = join(dir, 'replace', 'sample.db');
  createSampleDatabase(target);
  writeFileSync(target, 'not a database');
  createSampleDatabase(target);
  assert.deepEqual(readdirSync(join(dir, 'replace')), ['sample.db']);
  const db = new Database(target, { readonly: true });
  try {
    assert.equal(db.prepare('SELECT count(*) FROM customers').pluck().get(), SAMPLE_SIZES.customers);
  } finally {
    db.close();
  }
});
