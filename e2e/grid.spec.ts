// The results grid as a daily user drives it (issue 13, points 1–3): sort (in the browser
// when the result is complete, by the database when it is partial), resize and move
// columns, select with the mouse and the keyboard, copy in several formats, view a long
// value, a paused result that never blocks its tab, and results that survive a trip to
// another page. Keyboard only where the point is about the keyboard.
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1440, height: 900 } });

const BIG = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT i, i * 2 AS double FROM n';
const SMALL = "SELECT column1 AS n, column2 AS word, column3 AS note FROM (VALUES (3, 'cherry', 'third'), (1, 'apple', NULL), (2, 'banana', 'a long value ' || printf('%.200c', 'x')), (4, 'date', 'tab\there'))";

async function openSql(page: Page) {
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByTestId('connection-Sample database').getByRole('link', { name: 'Open SQL' }).click();
  await expect(page.getByLabel('Connection of this tab')).toHaveValue(/.+/);
  await expect(page.getByTestId('sql-editor')).toBeVisible();
}

async function runInEditor(page: Page, sql: string) {
  await page.getByTestId('sql-editor').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('ControlOrMeta+Enter');
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());
const cell = (page: Page, row: number, col: number) => page.getByRole('grid').locator(`[data-row="${row}"] [data-col="${col}"]`);
const columnNames = (page: Page) => page.getByRole('columnheader').evaluateAll((els) => els.slice(1).map((e) => e.textContent!.split(' ')[0]));

test('sort: in the browser when the result is complete, by the database when it is partial', async ({ app, consoleErrors }) => {
  await openSql(app);
  await runInEditor(app, SMALL);
  await expect(app.getByTestId('row-count')).toHaveText('4 rows');
  await app.getByRole('columnheader', { name: /^word/ }).click();
  await expect(app.getByTestId('grid-note')).toContainText('Sorted by word ▲ ascending in the browser (all 4 rows)');
  await expect(cell(app, 0, 1)).toHaveText('apple');
  await expect(app.getByRole('columnheader', { name: /^word/ })).toHaveAttribute('aria-sort', 'ascending');
  await app.getByRole('columnheader', { name: /^word/ }).click();
  await expect(cell(app, 0, 1)).toHaveText('date');
  await app.getByRole('columnheader', { name: /^word/ }).click();
  await expect(cell(app, 0, 1)).toHaveText('cherry'); // back to the database's order
  await expect(app.getByTestId('grid-note')).toHaveCount(0);

  await runInEditor(app, BIG);
  await expect(app.getByTestId('row-count')).toHaveText('5,000 rows fetched — more available');
  await app.getByRole('columnheader', { name: /^i/ }).click();
  await app.getByRole('columnheader', { name: /^i/ }).click();
  await expect(app.getByTestId('grid-note')).toContainText('Sorted by i ▼ descending by the database (the result was partial, so it was re-run with ORDER BY)');
  await expect(cell(app, 0, 0)).toHaveText('200000');
  await expect(cell(app, 1, 0)).toHaveText('199999');
  await screenshot(app, 'grid-sorted-by-database');
  expect(consoleErrors).toEqual([]);
});

test('columns resize by dragging their edge and move by dragging their header', async ({ app }) => {
  await openSql(app);
  await runInEditor(app, SMALL);
  await expect(app.getByTestId('row-count')).toHaveText('4 rows');
  const word = app.getByRole('columnheader', { name: /^word/ });
  const before = (await word.boundingBox())!;
  const handle = (await app.getByRole('separator', { name: 'Resize word' }).boundingBox())!;
  await app.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await app.mouse.down();
  await app.mouse.move(handle.x + 120, handle.y + handle.height / 2, { steps: 5 });
  await app.mouse.up();
  expect((await word.boundingBox())!.width).toBeGreaterThan(before.width + 100);
  await expect(app.getByTestId('grid-note')).toHaveCount(0); // a resize is not a sort

  const n = (await app.getByRole('columnheader', { name: /^n INTEGER/ }).boundingBox())!;
  const note = (await app.getByRole('columnheader', { name: /^note/ }).boundingBox())!;
  await app.mouse.move(n.x + 10, n.y + n.height / 2);
  await app.mouse.down();
  await app.mouse.move(note.x + note.width / 2, note.y + note.height / 2, { steps: 8 });
  await app.mouse.up();
  expect(await columnNames(app)).toEqual(['word', 'note', 'n']);
  await expect(cell(app, 0, 2)).toHaveText('3');
  await screenshot(app, 'grid-resized-moved');
});

test('keyboard: arrows, Shift+arrows, Ctrl+Home/End, PageDown; Ctrl+C copies TSV; Enter shows the value', async ({ app }) => {
  await openSql(app);
  await runInEditor(app, SMALL);
  await expect(app.getByTestId('row-count')).toHaveText('4 rows');
  // Into the grid from the editor by keyboard: Tab moves focus on to the grid.
  await app.getByRole('grid').focus();
  await app.keyboard.press('ArrowDown');
  await expect(app.getByTestId('selection')).toContainText('n · row 2');
  await app.keyboard.press('ArrowRight');
  await app.keyboard.press('Shift+ArrowDown');
  await app.keyboard.press('Shift+ArrowRight');
  await expect(app.getByTestId('selection')).toContainText('2 × 2 cells selected');
  await app.keyboard.press('ControlOrMeta+c');
  await expect.poll(() => clipboard(app)).toBe(`apple\t\nbanana\ta long value ${'x'.repeat(200)}`);
  await app.keyboard.press('ControlOrMeta+End');
  await expect(app.getByTestId('selection')).toContainText('note · row 4');
  await app.keyboard.press('ControlOrMeta+c');
  await expect.poll(() => clipboard(app)).toBe('"tab\there"');
  await app.keyboard.press('ControlOrMeta+Home');
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('End');
  await app.keyboard.press('Enter');
  const viewer = app.getByRole('dialog', { name: 'note · row 3' });
  await expect(viewer.getByLabel('Cell value')).toHaveText(`a long value ${'x'.repeat(200)}`);
  await screenshot(app, 'grid-cell-viewer');
  await app.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  await runInEditor(app, BIG);
  await expect(app.getByTestId('row-count')).toHaveText('5,000 rows fetched — more available');
  await app.getByRole('grid').focus();
  await app.keyboard.press('PageDown');
  await expect(app.getByTestId('selection')).toContainText(/i · row (2\d|1\d)/);
  await app.keyboard.press('ControlOrMeta+End');
  await expect(app.getByTestId('selection')).toContainText('double · row 5,000');
  await expect(cell(app, 4999, 1)).toBeVisible();
  // No sliver of a row above the header: the header sits at the top of the grid, and the
  // selected last row is fully below it.
  const grid = (await app.getByRole('grid').boundingBox())!;
  const header = (await app.getByRole('columnheader', { name: /^i/ }).boundingBox())!;
  expect(Math.abs(header.y - grid.y)).toBeLessThan(2);
  const last = (await cell(app, 4999, 1).boundingBox())!;
  expect(last.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
  await screenshot(app, 'grid-ctrl-end');
});

test('mouse: click, Shift-click a range without selecting page text, context menu copies CSV, JSON and INSERT', async ({ app }) => {
  await openSql(app);
  await runInEditor(app, SMALL);
  await expect(app.getByTestId('row-count')).toHaveText('4 rows');
  await cell(app, 0, 0).click();
  await cell(app, 1, 1).click({ modifiers: ['Shift'] });
  await expect(app.getByTestId('selection')).toContainText('2 × 2 cells selected');
  expect(await app.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
  await cell(app, 1, 1).click({ button: 'right' });
  const menu = app.getByRole('menu', { name: 'Cell actions' });
  await screenshot(app, 'grid-context-menu');
  await menu.getByRole('menuitem', { name: 'Copy as CSV' }).click();
  await expect.poll(() => clipboard(app)).toBe('n,word\r\n3,cherry\r\n1,apple\r\n');
  await expect(app.getByTestId('grid-note')).toContainText('Copied 2 rows × 2 columns as CSV.');
  await cell(app, 1, 1).click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Copy as JSON' }).click();
  await expect.poll(async () => JSON.parse(await clipboard(app))).toEqual([{ n: 3, word: 'cherry' }, { n: 1, word: 'apple' }]);
  await cell(app, 1, 2).click();
  await cell(app, 1, 0).click({ modifiers: ['Shift'] });
  await cell(app, 1, 0).click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Copy as SQL INSERT' }).click();
  await expect.poll(() => clipboard(app)).toBe(`INSERT INTO table_name ("n", "word", "note") VALUES (1, 'apple', NULL);`);
  await cell(app, 2, 2).dblclick();
  await expect(app.getByRole('dialog', { name: 'note · row 3' })).toBeVisible();
});

test('a paused result never blocks its tab: a new Run closes it, and the status says paused', async ({ app }) => {
  await openSql(app);
  await runInEditor(app, BIG);
  const status = app.getByRole('status', { name: 'Query status' });
  await expect(status).toContainText('Paused at 5,000 rows');
  await expect(status).not.toContainText('Running');
  await expect(app.getByRole('button', { name: '▶ Run' })).toBeEnabled();
  await runInEditor(app, "SELECT 'next query' AS answer");
  await expect(cell(app, 0, 0)).toHaveText('next query');
  await expect(status).toContainText('Done');
});

test('results stay when you go to another page and come back', async ({ app }) => {
  await openSql(app);
  await runInEditor(app, BIG);
  await expect(app.getByTestId('row-count')).toHaveText('5,000 rows fetched — more available');
  await app.getByRole('link', { name: 'Logs' }).click();
  await expect(app).toHaveURL(/\/logs/);
  await app.getByRole('link', { name: 'SQL' }).click();
  await expect(app.getByTestId('row-count')).toHaveText('5,000 rows fetched — more available');
  await app.getByRole('button', { name: 'Fetch all' }).click();
  await expect(app.getByTestId('row-count')).toHaveText('200,000 rows');
  await expect(cell(app, 0, 0)).toHaveText('1');
});
