// Import in a real Chromium, on the sample SQLite database: a CSV of 400,000 rows into a
// new table with the progress bar moving, then the row count; and a file with bad rows
// in per-batch mode, whose rejected rows are listed with their lines.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, screenshot, test } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'dbt-e2e-import-'));
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

test('import a CSV into a new table with progress, and see its rows', async ({ app: page, server, consoleErrors }) => {
  test.setTimeout(120_000);
  // Enough rows that the import runs for seconds (its rate shows after one second of progress).
  const rows = 1_200_000;
  const lines = ['id;name;price;active;created'];
  for (let i = 1; i <= rows; i++) lines.push(`${i};"customer ${i}";${(i % 1000) / 8};${i % 2 ? 'true' : 'false'};2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
  const file = csv('e2e people.csv', lines);

  await page.getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: 'Import' })).toBeVisible();
  await page.getByLabel('Connection').selectOption({ label: 'Sample database' });
  await page.getByLabel('File to import').setInputFiles(file);

  const preview = page.getByRole('table', { name: 'Preview' });
  await expect(preview).toContainText('customer 1');
  await expect(preview.getByRole('columnheader')).toHaveText(['#', 'idinteger', 'nametext', 'pricenumeric', 'activeboolean', 'createddate']);
  await expect(page.getByRole('combobox', { name: 'Delimiter' })).toHaveValue(';');
  await page.getByLabel('Table name').fill('import_e2e_people');
  await expect(page.getByLabel('CREATE TABLE statement')).toContainText('CREATE TABLE "import_e2e_people"');
  await expect(page.getByLabel('CREATE TABLE statement')).toContainText('"price" REAL');
  await screenshot(page, 'import-preview');

  await page.getByRole('button', { name: 'Start import' }).click();
  const job = page.getByRole('group', { name: 'Import job' });
  const bar = job.getByRole('progressbar');
  await expect(bar).toBeVisible();
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(job).toContainText(/rows\/s/);
  await job.scrollIntoViewIfNeeded();
  await screenshot(page, 'import-progress');
  await expect(job).toContainText(`Imported ${rows.toLocaleString('en-US')} rows into "import_e2e_people".`, { timeout: 90_000 });
  await expect(job.getByRole('link', { name: 'Open the table' })).toHaveAttribute('href', /\/data\?connection=.*&schema=main&table=import_e2e_people/);
  await job.scrollIntoViewIfNeeded();
  await screenshot(page, 'import-done');

  const db = new Database(join(server.home, 'samples', 'sample.db'), { readonly: true });
  expect((db.prepare('SELECT count(*) AS n, sum(active) AS active FROM import_e2e_people').get() as { n: number; active: number })).toEqual({ n: rows, active: rows / 2 });
  db.close();
  expect(consoleErrors).toEqual([]);
});

test('per-batch import lists the rejected rows with their lines', async ({ app: page, server }) => {
  const file = csv('e2e bad.csv', ['n,label', '1,one', 'two,2', '3,three', '4', '5,five']);
  await page.goto(`${server.baseUrl}/import`);
  await page.getByLabel('Connection').selectOption({ label: 'Sample database' });
  await page.getByLabel('File to import').setInputFiles(file);
  await expect(page.getByRole('table', { name: 'Preview' })).toContainText('five');
  await page.getByLabel('Table name').fill('import_e2e_rejects');
  await page.getByLabel('Type of column 1').selectOption('integer');
  await expect(page.getByLabel('CREATE TABLE statement')).toContainText('"n" INTEGER');
  await page.getByLabel(/Commit per batch/).check();
  await page.getByRole('button', { name: 'Start import' }).click();
  const job = page.getByRole('group', { name: 'Import job' });
  await expect(job).toContainText('Imported 3 rows into "import_e2e_rejects"; 2 rejected.');
  await expect(job.getByRole('list', { name: 'Rejected rows' })).toContainText('Line 3: "two" is not a valid integer (column n).');
  await expect(job.getByRole('list', { name: 'Rejected rows' })).toContainText("Line 5: 1 value where the file's rows have 2.");
  await job.scrollIntoViewIfNeeded();
  await screenshot(page, 'import-rejected');
});
