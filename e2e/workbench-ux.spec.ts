// The workbench's interaction design (issue 13, points 4–6), keyboard only where a user
// would use the keyboard: the explorer as a tree (arrows, type-ahead, Enter opens the data,
// a context menu with Show DDL), column search, completion of the FROM table's columns,
// the formatter, the guard on a data-modifying CTE, tabs by keys, the command palette and
// the shortcut list. Each test starts on the Sample database (the suite shares one server).
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures.ts';

async function openSampleSql(page: Page) {
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByTestId('connection-Sample database').getByRole('link', { name: 'Open SQL' }).click();
  await expect(page.getByLabel('Connection of this tab')).toHaveValue(/.+/);
  await expect(page.getByTestId('sql-editor')).toBeVisible();
  await expect(page.getByRole('tree', { name: 'Schema' }).getByRole('treeitem', { name: /customers/ })).toBeVisible();
}

/** Replaces the editor's text: typed key by key, or pasted (`insertText`) where typing is not what is tested. */
async function typeInEditor(page: Page, sql: string, how: 'type' | 'paste' = 'type') {
  await page.getByTestId('sql-editor').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  if (how === 'type') await page.keyboard.type(sql);
  else await page.keyboard.insertText(sql);
}

test('explorer by keyboard: arrows, type-ahead, Enter opens the table\'s data', async ({ app }) => {
  // The columns of customers arrive late, as on a slow machine: the selection moves onto the
  // "Loading…" row and must stay at that place when the columns replace it (it went to the top).
  await app.route(/\/objects\/main\/customers$/, async (r) => { await new Promise((f) => setTimeout(f, 1000)); await r.continue(); });
  await openSampleSql(app);
  const tree = app.getByRole('tree', { name: 'Schema' });
  await app.getByLabel('Search tables, views and columns').focus();
  await app.keyboard.press('ArrowDown'); // into the tree
  await expect(tree).toBeFocused();
  const active = () => app.locator('[role=treeitem][aria-selected=true]');
  await expect(active()).toContainText('main');
  await app.keyboard.press('ArrowDown');
  await expect(active()).toHaveAttribute('aria-level', '2'); // the first table (other specs may have added some to the sample)
  await app.keyboard.type('cu'); // type-ahead
  await expect(active()).toContainText('customers');
  await app.keyboard.press('ArrowRight'); // expands
  await expect(active()).toHaveAttribute('aria-expanded', 'true');
  await app.keyboard.press('ArrowDown');
  await expect(active()).toContainText('id');
  await app.keyboard.press('ArrowLeft'); // to the parent
  await expect(active()).toContainText('customers');
  await app.keyboard.press('End');
  await expect(active()).toContainText('products');
  await app.keyboard.press('Home');
  await expect(active()).toContainText('main');
  await app.keyboard.type('orders');
  await expect(active()).toContainText('orders'); // Enter before the type-ahead lands would toggle "main"
  await screenshot(app, 'explorer-keyboard');
  await app.keyboard.press('Enter');
  await expect(app).toHaveURL(/\/data\?connection=[^&]+&schema=main&table=orders$/);
});

test('explorer context menu: Show DDL opens a new tab, Copy name, long names have a tooltip', async ({ app }) => {
  await openSampleSql(app);
  const tree = app.getByRole('tree', { name: 'Schema' });
  const customers = tree.getByRole('treeitem', { name: /customers/ });
  await expect(customers.locator('[title="customers — table"]')).toBeVisible();
  const tabs = await app.getByRole('tab').count();
  await customers.click({ button: 'right' });
  const menu = app.getByRole('menu', { name: 'Actions on customers' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Open data', 'SELECT first 100 rows', 'Copy name', 'Show DDL', 'Refresh', 'Drop table…']);
  await screenshot(app, 'explorer-menu');
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Show DDL' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('tab')).toHaveCount(tabs + 1);
  await expect(app.getByTestId('sql-editor')).toContainText('CREATE TABLE customers');
  await expect(app.getByTestId('sql-editor')).toContainText('CREATE INDEX customers_country_city');
  await screenshot(app, 'explorer-ddl');

  // Shift+F10 on the focused tree opens the same menu; Escape gives the focus back.
  await tree.focus();
  await app.keyboard.press('Shift+F10');
  await expect(app.getByRole('menu')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(app.getByRole('menu')).toHaveCount(0);
  await expect(tree).toBeFocused();
});

test('explorer Drop goes through the guard; the tree follows schema changes', async ({ app }) => {
  await openSampleSql(app);
  const tree = app.getByRole('tree', { name: 'Schema' });
  await typeInEditor(app, 'CREATE TABLE ux_scratch (id integer)', 'paste');
  await app.keyboard.press('ControlOrMeta+Enter');
  const scratch = tree.getByRole('treeitem', { name: /ux_scratch/ });
  await expect(scratch).toBeVisible(); // read again after the CREATE, no Refresh needed
  await scratch.click({ button: 'right' });
  await app.getByRole('menuitem', { name: 'Drop table…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Run destructive statements?' });
  await expect(dialog).toContainText('DROP TABLE "ux_scratch"');
  await expect(dialog).toContainText('DROP TABLE removes the table and all its rows.');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await screenshot(app, 'explorer-drop-guard');
  await dialog.getByRole('button', { name: 'Run anyway' }).click();
  await expect(scratch).toHaveCount(0);
});

test('explorer search finds columns, also as table.column', async ({ app }) => {
  await openSampleSql(app);
  const tree = app.getByRole('tree', { name: 'Schema' });
  await app.getByLabel('Search tables, views and columns').fill('orders.cust');
  await expect(tree.getByRole('treeitem', { name: /orders\.customer_id/ })).toBeVisible();
  await app.getByLabel('Search tables, views and columns').fill('unit_pr');
  await expect(tree.getByRole('treeitem')).toHaveText([/^\W*order_items\.unit_price$/]);
  await screenshot(app, 'explorer-column-search');
});

test('the explorer panel resizes, collapses and remembers both', async ({ app }) => {
  await openSampleSql(app);
  const separator = app.getByRole('separator', { name: 'Explorer width' });
  const box = (await separator.boundingBox())!;
  await app.mouse.move(box.x + 2, box.y + 100);
  await app.mouse.down();
  await app.mouse.move(box.x + 122, box.y + 100, { steps: 4 });
  await app.mouse.up();
  const width = (await app.getByRole('complementary', { name: 'Explorer' }).boundingBox())!.width;
  expect(width).toBeGreaterThan(370);
  await app.reload();
  expect((await app.getByRole('complementary', { name: 'Explorer' }).boundingBox())!.width).toBeCloseTo(width, -1);
  await app.getByRole('button', { name: 'Hide the explorer' }).click();
  await expect(app.getByRole('tree', { name: 'Schema' })).toHaveCount(0);
  await app.reload();
  await app.getByRole('button', { name: 'Show the explorer' }).click();
  await expect(app.getByRole('tree', { name: 'Schema' })).toBeVisible();
  await separator.focus();
  await app.keyboard.press('ArrowLeft');
  await app.keyboard.press('ArrowLeft');
});

test('completion offers the FROM table\'s columns; the formatter lays out the SQL', async ({ app }) => {
  test.setTimeout(120_000); // typed key by key, each key completed
  await openSampleSql(app);
  await typeInEditor(app, 'select * from products where categ');
  const options = app.locator('.cm-tooltip-autocomplete li');
  await expect(options.filter({ hasText: /^category_id/ })).toBeVisible();
  await expect(options.first()).toContainText('category_id'); // before the table "categories"
  await screenshot(app, 'editor-column-completion');
  await app.keyboard.press('Enter');
  await app.keyboard.insertText(' = 1 and price>2 order by name');
  await app.keyboard.press('Shift+Alt+F');
  const lines = app.getByTestId('sql-editor').locator('.cm-line');
  await expect(lines.nth(0)).toHaveText('select');
  await expect(app.getByTestId('sql-editor')).toContainText('category_id = 1');
  await expect(app.getByTestId('sql-editor')).toContainText('and price > 2');
  await screenshot(app, 'editor-formatted');
  await app.keyboard.press('ControlOrMeta+z');
  await expect(lines).toHaveCount(1); // one undo step
  await app.getByRole('button', { name: 'Format' }).click();
  await expect(lines.nth(0)).toHaveText('select');
});

test('the guard asks before a data-modifying CTE', async ({ app }) => {
  await openSampleSql(app);
  await typeInEditor(app, 'with x as (delete from order_items returning *) select count(*) from x', 'paste');
  await app.keyboard.press('ControlOrMeta+Enter');
  const dialog = app.getByRole('dialog', { name: 'Run destructive statements?' });
  await expect(dialog).toContainText('DELETE without WHERE changes every row of the table.');
  await screenshot(app, 'guard-cte');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await typeInEditor(app, 'SELECT count(*) > 0 AS still_there FROM order_items', 'paste');
  await app.keyboard.press('ControlOrMeta+Enter');
  await expect(app.getByRole('gridcell', { name: '1' })).toBeVisible();
});

test('tabs by keyboard: Alt+T, Ctrl+PageUp/PageDown, arrows in the tab strip, Alt+W', async ({ app }) => {
  await openSampleSql(app);
  const count = await app.getByRole('tab').count();
  await app.getByTestId('sql-editor').locator('.cm-content').click();
  await app.keyboard.press('Alt+t');
  await expect(app.getByRole('tab')).toHaveCount(count + 1);
  const newest = app.getByRole('tab').last();
  await expect(newest).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('Control+PageUp');
  await expect(app.getByRole('tab').nth(count - 1)).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('Control+PageDown');
  await expect(newest).toHaveAttribute('aria-selected', 'true');
  // Roving tabindex: one tab stop, the selected tab; arrows move and select.
  await expect(app.locator('[role=tab][tabindex="0"]')).toHaveCount(1);
  await newest.focus();
  await app.keyboard.press('ArrowLeft');
  await expect(app.getByRole('tab').nth(count - 1)).toBeFocused();
  await expect(app.getByRole('tab').nth(count - 1)).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('End');
  await expect(newest).toBeFocused();
  await app.keyboard.press('Alt+w');
  await expect(app.getByRole('tab')).toHaveCount(count);
});

test('command palette and shortcut list, keyboard only', async ({ app }) => {
  await openSampleSql(app);
  const count = await app.getByRole('tab').count();
  await app.keyboard.press('ControlOrMeta+k');
  const palette = app.getByRole('dialog', { name: 'Command palette' });
  await expect(palette.getByRole('combobox')).toBeFocused();
  await app.keyboard.type('new tab');
  await expect(palette.getByRole('option').first()).toContainText('New tab');
  await expect(palette.getByRole('option').first()).toContainText('Alt+T');
  await screenshot(app, 'command-palette');
  await app.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(app.getByRole('tab')).toHaveCount(count + 1);

  await app.keyboard.press('ControlOrMeta+k');
  await app.keyboard.type('go back');
  await expect(palette.getByRole('option').first()).toContainText('Go to Backups');
  await app.keyboard.press('Enter');
  await expect(app).toHaveURL(/\/backups/);

  await app.keyboard.press('ControlOrMeta+/');
  const shortcuts = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(shortcuts).toContainText('Command palette');
  await screenshot(app, 'shortcut-list');
  await app.keyboard.press('Escape');
  await expect(shortcuts).toHaveCount(0);

  // On the SQL page its own actions join the list: open a table by name.
  await openSampleSql(app);
  await app.keyboard.press('ControlOrMeta+/');
  await expect(shortcuts.getByText('Close tab')).toBeVisible();
  await expect(shortcuts).toContainText('Ctrl+PageDown');
  await app.keyboard.press('Escape');
  await app.keyboard.press('ControlOrMeta+k');
  await app.keyboard.type('open table custo');
  await expect(palette.getByRole('option').first()).toContainText('Open table main.customers');
  await app.keyboard.press('Enter');
  await expect(app).toHaveURL(/\/data\?connection=[^&]+&schema=main&table=customers$/);
});
