// Analytics in the browser: the sample SQLite database's file figures; a PostgreSQL
// connection where the test holds a row lock and a second session waits on it — the
// waiter is flagged blocked with its blocker, Cancel (after confirming) stops it, and the
// charts gain points as snapshots arrive.
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../server/testing/postgres.ts';
import { startServer, type ServerProcess } from '../server/testing/server-process.ts';
import { screenshot } from './fixtures.ts';

let server: ServerProcess;
let postgres: TestPostgres;

test.beforeAll(async () => {
  postgres = await startPostgres();
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
  await postgres?.stop();
});

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: postgres.url });
  c.on('error', () => {});
  await c.connect();
  return c;
}

test('the sample database: file, WAL and free-page figures and charts', async ({ page }) => {
  await page.goto(`${server.baseUrl}/analytics?token=${server.token}`);
  await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Sample database' });
  await expect(page.getByRole('group', { name: 'File' })).toContainText(/[KM]B/);
  await expect(page.getByRole('group', { name: 'Free pages' })).toContainText(/B/);
  await expect(page.getByRole('group', { name: 'Journal' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Size', exact: true })).toContainText(/[KM]B/);
  await expect(page.getByLabel('Size chart').locator('canvas')).toBeVisible();
  await screenshot(page, 'analytics-sample');
  // The week view: per-minute points from the server's history file (this minute so far).
  await page.getByLabel('Chart range').selectOption('168');
  await expect(page.getByLabel('Size chart')).toBeVisible();
  await screenshot(page, 'analytics-sample-week');
});

test('PostgreSQL: a blocked query is flagged with its blocker and can be cancelled', async ({ page }) => {
  const holder = await client();
  const waiter = await client();
  await holder.query('CREATE TABLE IF NOT EXISTS accounts (id int PRIMARY KEY, balance int); INSERT INTO accounts VALUES (1, 100) ON CONFLICT DO NOTHING');
  const holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  const waiterPid = (await waiter.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  await holder.query('BEGIN; UPDATE accounts SET balance = balance + 1 WHERE id = 1');
  const waiting = waiter.query('UPDATE accounts SET balance = balance - 1 WHERE id = 1').then(() => 'finished', (e: Error) => e.message);

  await page.goto(`${server.baseUrl}/?token=${server.token}`);
  const res = await page.request.post(`${server.baseUrl}/api/connections`, {
    headers: { Origin: server.baseUrl },
    data: { name: 'Watched PG', password: postgres.password, settings: { engine: 'postgres', host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 5 } },
  });
  expect(res.status()).toBe(201);
  await page.goto(`${server.baseUrl}/analytics`);
  await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Watched PG' });
  await page.getByLabel('Interval').selectOption('1');

  const blockedRow = page.getByRole('row').filter({ hasText: `blocked by ${holderPid}` });
  await expect(blockedRow).toBeVisible();
  await expect(blockedRow).toContainText(String(waiterPid));
  await expect(page.getByRole('group', { name: 'Blocked', exact: true })).toContainText('1');
  await expect(page.getByRole('region', { name: 'Top statements' })).toContainText('CREATE EXTENSION pg_stat_statements');
  await screenshot(page, 'analytics-postgres-blocked');

  await blockedRow.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toContainText(`Stop the statement running in session ${waiterPid}?`);
  await screenshot(page, 'analytics-cancel-confirm');
  await page.getByRole('button', { name: 'Cancel statement' }).click();
  await expect(page.getByText(`Cancelled the statement of session ${waiterPid}.`)).toBeVisible();
  expect(await waiting).toMatch(/cancel/i);
  await expect(page.getByRole('row').filter({ hasText: 'blocked by' })).toHaveCount(0);
  await expect(page.getByRole('group', { name: 'Blocked', exact: true })).toContainText('0');

  // The charts move: each snapshot adds a point, which the live legend shows at the cursor.
  const tpsChart = page.getByLabel('Transactions/s chart');
  await expect(tpsChart.locator('canvas')).toBeVisible();
  const canvas = await tpsChart.locator('canvas').screenshot();
  await expect.poll(async () => !(await tpsChart.locator('canvas').screenshot()).equals(canvas), { timeout: 10_000 }).toBe(true);
  await screenshot(page, 'analytics-postgres-after-cancel');
  await holder.query('ROLLBACK');
  await Promise.all([holder.end(), waiter.end()]);
});

test('a running statement is explained in a new editor tab; the Tables view sorts table statistics', async ({ page }) => {
  const sleeper = await client();
  const sleeperPid = (await sleeper.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  const sleeping = sleeper.query('SELECT count(*) FROM accounts, pg_sleep(30)').catch(() => 'cancelled');
  await page.goto(`${server.baseUrl}/analytics?token=${server.token}`);
  await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Watched PG' });
  await page.getByLabel('Interval').selectOption('1');
  const row = page.getByRole('row').filter({ hasText: 'pg_sleep(30)' }).filter({ hasText: String(sleeperPid) });
  await row.getByRole('link', { name: 'Explain' }).click();

  await expect(page).toHaveURL(/\/sql$/);
  const editor = page.locator('.cm-content');
  await expect(editor).toContainText('EXPLAIN SELECT count(*) FROM accounts, pg_sleep(30)');
  await editor.click();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('columnheader', { name: /QUERY PLAN/ })).toBeVisible();
  await screenshot(page, 'analytics-explain-in-editor');
  await client().then(async (c) => {
    await c.query('SELECT pg_cancel_backend($1)', [sleeperPid]);
    await c.end();
  });
  await sleeping;
  await sleeper.end();

  await page.goto(`${server.baseUrl}/analytics`);
  await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Watched PG' });
  await page.getByRole('tab', { name: 'Tables' }).click();
  const tables = page.getByRole('table', { name: 'Tables' });
  await expect(tables.getByRole('row').filter({ hasText: 'accounts' })).toContainText(/kB|KB|B/);
  const total = tables.getByRole('columnheader', { name: /Total/ });
  await expect(total).toHaveAttribute('aria-sort', 'descending');
  await total.getByRole('button').click();
  await expect(total).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByRole('region', { name: 'Table statistics' })).toContainText('Rows are the statistics collector');
  await screenshot(page, 'analytics-tables');
});
