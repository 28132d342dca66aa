// A new user's database journey: the sample connection is there, the explorer shows its
// tables, a query written with autocomplete runs, a large result scrolls and fetches more,
// a slow PostgreSQL query is stopped, and the guard asks before a destructive statement.
import { startPostgres, type TestPostgres } from '../server/testing/postgres.ts';
import { expect, screenshot, test } from './fixtures.ts';

/** Replaces the editor's text with `sql` (typed, as a user would) and runs it. */
async function runInEditor(page: import('@playwright/test').Page, sql: string, keys = 'ControlOrMeta+Enter') {
  await page.getByTestId('sql-editor').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(sql);
  await page.keyboard.press(keys);
}

/** The SQL page on a tab of the Sample database, the way a user gets there. */
async function openSampleSql(page: import('@playwright/test').Page) {
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByTestId('connection-Sample database').getByRole('link', { name: 'Open SQL' }).click();
  await expect(page.getByLabel('Connection of this tab')).toHaveValue(/.+/);
  await expect(page.locator('[data-testid=sql-editor]')).toBeVisible();
}

let pg: TestPostgres;
test.beforeAll(async () => {
  pg = await startPostgres();
});
test.afterAll(async () => {
  await pg?.stop();
});

test('the sample database is ready to explore and query, with autocomplete', async ({ app, consoleErrors }) => {
  await expect(app.getByTestId('connection-Sample database')).toBeVisible();
  await expect(app.getByTestId('connection-Sample database').locator('.status-dot')).toHaveAttribute('data-status', 'connected');
  await expect(app.getByTestId('key-note')).toContainText('secret.key');
  await screenshot(app, 'connections');

  await app.getByTestId('connection-Sample database').getByRole('link', { name: 'Open SQL' }).click();
  const tree = app.getByRole('tree', { name: 'Schema' });
  await expect(tree.getByRole('treeitem', { name: /customers/ })).toBeVisible();
  await tree.getByRole('treeitem', { name: /customers/ }).click();
  await expect(tree.getByRole('treeitem', { name: /email/ })).toBeVisible();

  const editor = app.getByTestId('sql-editor').locator('.cm-content');
  await editor.click();
  await app.keyboard.press('ControlOrMeta+a');
  await app.keyboard.type('SELECT first_name, email FROM custo');
  await app.locator('.cm-tooltip-autocomplete li', { hasText: /^customers/ }).click();
  await app.keyboard.type(' ORDER BY 1 LIMIT 50');
  await expect(editor).toContainText('FROM customers ORDER BY 1 LIMIT 50');
  await app.keyboard.press('ControlOrMeta+Enter');
  await expect(app.getByTestId('row-count')).toHaveText('50 rows');
  await expect(app.getByRole('columnheader', { name: /email/ })).toBeVisible();
  await screenshot(app, 'sql-results');

  // Running with the completion list open closes it: the results are what the user looks at next.
  await editor.click();
  await app.keyboard.press('ControlOrMeta+a');
  await app.keyboard.type('SELECT * FROM customers');
  await expect(app.locator('.cm-tooltip-autocomplete')).toBeVisible();
  await app.keyboard.press('ControlOrMeta+Enter');
  await expect(app.getByTestId('row-count')).toContainText('2,500 rows');
  await expect(app.locator('.cm-tooltip-autocomplete')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('a large result scrolls smoothly and fetches more rows as you reach the end', async ({ app }) => {
  await openSampleSql(app);
  await runInEditor(app, 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT i, i * 2 AS double FROM n');
  await expect(app.getByTestId('row-count')).toHaveText('5,000 rows fetched — more available');
  const grid = app.getByRole('grid');
  const domRows = await grid.getByRole('row').count();
  expect(domRows).toBeLessThan(100); // only what is visible is in the DOM
  await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(app.getByTestId('row-count')).toContainText('15,000 rows');
  await app.getByRole('button', { name: 'Fetch all' }).click();
  await expect(app.getByTestId('row-count')).toHaveText('200,000 rows');
  await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(grid.getByRole('gridcell', { name: '400000' })).toBeVisible();
  await screenshot(app, 'sql-large-result');
});

test('a PostgreSQL connection made in the form runs and can stop a slow query', async ({ app }) => {
  await app.getByRole('button', { name: 'New connection' }).click();
  const dialog = app.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Connection URL').fill(`postgres://postgres:${pg.password}@127.0.0.1:${pg.port}/postgres?sslmode=disable`);
  await dialog.getByRole('button', { name: 'Fill' }).click();
  // Fill's answer sets a suggested name: typing before it lands would append to it.
  await expect(dialog.getByLabel('Connection URL')).toHaveValue('');
  await dialog.getByLabel('Name').fill('Test PostgreSQL');
  await dialog.getByRole('button', { name: 'Test' }).click();
  await expect(dialog.getByRole('status')).toContainText('Connected to PostgreSQL');
  await screenshot(app, 'connection-form');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(app.getByTestId('connection-Test PostgreSQL')).toBeVisible();

  await app.getByTestId('connection-Test PostgreSQL').getByRole('link', { name: 'Open SQL' }).click();
  await expect(app.getByLabel('Connection of this tab')).toHaveValue(/.+/);
  await runInEditor(app, 'SELECT pg_sleep(30)');
  await expect(app.getByRole('status', { name: 'Query status' })).toContainText('Running');
  await app.getByRole('button', { name: '■ Stop' }).click();
  await expect(app.getByRole('status', { name: 'Query status' })).toContainText('Cancelled', { timeout: 3000 });

  await runInEditor(app, 'SELECT 1;\nSELECT missing_column FROM pg_class', 'ControlOrMeta+Shift+Enter');
  await expect(app.getByRole('log', { name: 'Messages' })).toContainText('column "missing_column" does not exist');
  await expect(app.locator('.cm-sql-error')).toHaveText('missing_column');
  await screenshot(app, 'sql-error');
});

test('the guard asks before a DELETE without WHERE, and nothing runs if you cancel', async ({ app }) => {
  await openSampleSql(app);
  await runInEditor(app, 'DELETE FROM order_items');
  const dialog = app.getByRole('dialog', { name: 'Run destructive statements?' });
  await expect(dialog).toContainText('DELETE without WHERE changes every row of the table.');
  await screenshot(app, 'sql-guard');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await runInEditor(app, 'SELECT count(*) > 0 AS still_there FROM order_items');
  await expect(app.getByRole('gridcell', { name: '1' })).toBeVisible();
});

test('editor tabs and their text survive a reload', async ({ app }) => {
  await openSampleSql(app);
  await app.getByRole('button', { name: 'New tab' }).click();
  const editor = app.getByTestId('sql-editor').locator('.cm-content');
  await editor.click();
  await app.keyboard.type('SELECT \'kept across reloads\'');
  await app.waitForTimeout(800); // the debounced save
  await app.reload();
  await expect(app.getByRole('tab', { selected: true })).toContainText('Query');
  await expect(app.getByTestId('sql-editor')).toContainText("SELECT 'kept across reloads'");
});
