// Schema tools in a real Chromium: diff two SQLite databases (drops skipped, then allowed)
// and save the result as a migration (the files appear in the connection's migrations
// folder); the ER diagram of the sample database (click a table → its structure, DDL and
// data; SVG export);
// the ER diagram of 300 tables, timed.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import type { ServerProcess } from '../server/testing/server-process.ts';
import { expect, screenshot, test } from './fixtures.ts';

function database(file: string, ddl: string): string {
  const db = new Database(file);
  db.exec(ddl);
  db.close();
  return file;
}

async function addConnection(page: Page, server: ServerProcess, name: string, file: string): Promise<string> {
  const res = await page.request.post(`${server.baseUrl}/api/connections`, { headers: { Origin: server.baseUrl }, data: { name, settings: { engine: 'sqlite', file, readOnly: false } } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test('diff two SQLite databases and save the migration', async ({ app: page, server, consoleErrors }) => {
  const common = 'CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);';
  const source = database(join(server.home, 'diff-source.db'), `${common}
    CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id), title TEXT NOT NULL, isbn TEXT);
    CREATE INDEX books_isbn ON books (isbn);`);
  const target = database(join(server.home, 'diff-target.db'), `${common}
    CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id), title TEXT NOT NULL);
    CREATE TABLE legacy (id INTEGER PRIMARY KEY, note TEXT);`);
  await addConnection(page, server, 'Diff source', source);
  const targetId = await addConnection(page, server, 'Diff target', target);

  await page.goto(`${server.baseUrl}/schema-diff`);
  await expect(page.getByRole('heading', { name: 'Schema diff' })).toBeVisible();
  await page.getByLabel('Source connection').selectOption({ label: 'Diff source (SQLite)' });
  await page.getByLabel('Target connection').selectOption({ label: 'Diff target (SQLite)' });
  await expect(page.getByLabel('Target schema')).toHaveValue('main');
  await page.getByRole('button', { name: 'Compare' }).click();

  const differences = page.getByLabel('Differences');
  await expect(differences).toContainText('3 differences: 2 only in source, 1 only in target');
  const books = differences.locator('[data-table="books"]');
  await expect(books).toContainText('isbn');
  await expect(books).toContainText('books_isbn');
  await expect(differences.locator('[data-table="legacy"]')).toContainText('destructive');
  await expect(page.getByLabel('Skipped drops')).toContainText('DROP TABLE legacy');
  const up = page.getByLabel('up script');
  await expect(up).toContainText('ALTER TABLE "books" ADD COLUMN isbn TEXT'); // as the source writes it
  await expect(up).not.toContainText('PRAGMA foreign_keys'); // only around table rebuilds and drops
  await expect(up).not.toContainText('DROP TABLE "legacy"');
  await expect(page.getByRole('link', { name: 'Open in editor' })).toHaveAttribute('href', /^\/sql\?connection=/);
  await screenshot(page, 'schema-diff');

  await page.getByLabel('Migration name').fill('add_isbn');
  await page.getByRole('button', { name: 'Save as migration' }).click();
  await expect(page.getByLabel('Migration').getByRole('status')).toContainText('_add_isbn.up.sql');
  const folder = join(server.home, 'migrations', targetId);
  const files = readdirSync(folder).sort();
  expect(files).toHaveLength(2);
  expect(files[0]).toMatch(/^\d{14}_add_isbn\.down\.sql$/);
  expect(files[1]).toMatch(/^\d{14}_add_isbn\.up\.sql$/);
  expect(readFileSync(join(folder, files[1]!), 'utf8')).toContain('ADD COLUMN isbn TEXT');
  // Down: SQLite's table rebuild without the column (its index goes with the old table), from the target's own CREATE text.
  const down = readFileSync(join(folder, files[0]!), 'utf8');
  expect(down).toContain('CREATE TEMP TABLE temp."books__dbt_rows" AS SELECT');
  expect(down).toContain('CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id), title TEXT NOT NULL);');

  await page.getByLabel('Allow drops').check();
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(up).toContainText('DROP TABLE "legacy"');
  await expect(page.getByLabel('Warnings')).toContainText('Drops table legacy: its rows are lost.');
  await page.getByRole('button', { name: 'Down' }).click();
  await expect(page.getByLabel('down script')).toContainText('CREATE TABLE legacy (id INTEGER PRIMARY KEY, note TEXT)');
  await screenshot(page, 'schema-diff-drops-allowed');
  expect(consoleErrors).toEqual([]);
});

test('ER diagram of the sample database: tables, edges, open a table, export SVG', async ({ app: page, server, consoleErrors }) => {
  await page.getByRole('link', { name: 'ER diagram' }).click();
  await page.getByLabel('Schema connection').selectOption({ label: 'Sample database (SQLite)' });
  await expect(page).toHaveURL(/\/er-diagram\?connection=.+&schema=main/);
  const diagram = page.getByRole('img', { name: 'ER diagram' });
  await expect(diagram.locator('[data-table]').first()).toBeVisible();
  expect(await diagram.locator('[data-table]').count()).toBeGreaterThan(3);
  expect(await diagram.locator('[data-edge]').count()).toBeGreaterThan(0);
  await expect(page.locator('[data-timing]')).toContainText('laid out and drawn in');
  await screenshot(page, 'er-diagram-sample');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export SVG' }).click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(text).toContain('>customer_id<'); // every column, whatever the zoom
  const png = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  expect(readFileSync(await (await png).path()).subarray(1, 4).toString()).toBe('PNG');

  // A click shows the table's structure beside the diagram; from there its DDL and its data.
  const first = diagram.locator('[data-table]').first();
  const name = (await first.getAttribute('data-table'))!;
  await first.click();
  const panel = page.getByRole('complementary', { name: `Table ${name}` });
  await expect(panel.getByRole('table', { name: 'Columns' })).toContainText('PK');
  await panel.getByRole('button', { name: 'Show DDL' }).click();
  await expect(panel.getByRole('region', { name: 'DDL' })).toContainText(`CREATE TABLE`);
  await screenshot(page, 'er-diagram-table-panel');
  await panel.getByRole('link', { name: 'Open data' }).click();
  await expect(page).toHaveURL(new RegExp(`/data\\?connection=.+&schema=main&table=${name}`));
  expect(consoleErrors.filter((e) => !/404|Failed to load resource/.test(e))).toEqual([]);
});

test('ER diagram of 300 tables is laid out and drawn in about a second', async ({ app: page, server }) => {
  const ddl = Array.from({ length: 300 }, (_, i) =>
    `CREATE TABLE t${i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created TEXT, amount NUMERIC(10,2)${i % 4 ? `, parent_id INTEGER REFERENCES t${i - (i % 4)} (id)` : ''});`).join('\n');
  const id = await addConnection(page, server, 'Three hundred', database(join(server.home, 'er-300.db'), ddl));
  const timing = page.locator('[data-timing]');
  /** The page's own figures: from the schema's arrival to the drawn frame, the elkjs layout, the drawing. */
  const figures = async () => {
    await expect(timing).toContainText('300 tables laid out and drawn in', { timeout: 30_000 });
    const [, ms, layoutMs, drawMs] = /drawn in (\d+) ms \(layout (\d+) ms, drawing (\d+) ms\)/.exec((await timing.textContent()) ?? '')!.map(Number);
    await expect(page.getByRole('img', { name: 'ER diagram' }).locator('[data-table]')).toHaveCount(300);
    return { ms: ms!, text: `${ms} ms (elkjs layout ${layoutMs} ms, drawing ${drawMs} ms, the rest waiting for the layout worker)` };
  };

  // Cold: a link straight to the diagram, so the layout worker starts with the page.
  await page.goto(`${server.baseUrl}/er-diagram?connection=${id}&schema=main`);
  const cold = await figures();
  await screenshot(page, 'er-diagram-300');
  // In the app: opened from the sidebar once the app has been idle (the worker started and warmed up then).
  await page.goto(`${server.baseUrl}/`);
  await page.waitForTimeout(3000);
  await page.getByRole('link', { name: 'ER diagram' }).click();
  await page.getByLabel('Schema connection').selectOption({ label: 'Three hundred (SQLite)' });
  const warm = await figures();
  // A reference measured in the same run, on the same page: the machine's load moves both alike.
  const reference = await page.evaluate(() => {
    const started = performance.now();
    Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 100_003).sort((a, b) => a - b);
    return Math.round(performance.now() - started);
  });
  console.log(`FIGURES er-diagram: 300 tables laid out and drawn, from the schema's arrival — opened in the app ${warm.text}; ` +
    `cold, straight from a link ${cold.text} (goal < 1000 ms; reference: sorting 300,000 numbers in the page ${reference} ms, ` +
    `so in the app ${(warm.ms / Math.max(1, reference)).toFixed(1)}× the reference; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
  // The goal is 1 s (the figures above); the bound here only catches a pathological slowdown on a busy machine.
  expect(Math.max(cold.ms, warm.ms)).toBeLessThan(30_000);
});
