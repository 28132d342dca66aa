// The data explorer in a real Chromium on the sample SQLite database: open a table by its
// /data link, filter, sort, edit two cells and add a row, read the SQL preview, save and
// see the result (in the grid and in the file); then a row changed behind the grid's back
// makes the next save fail as a whole, saying which row and why.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Locator } from '@playwright/test';
import { expect, screenshot, test } from './fixtures.ts';

async function editCell(row: Locator, column: string, value: string): Promise<void> {
  await row.locator(`[data-column="${column}"]`).dblclick();
  const input = row.getByRole('textbox', { name: `Edit ${column}` });
  await input.fill(value);
  await input.press('Enter');
  await expect(input).toBeHidden();
}

test('browse, filter, sort, edit, insert, preview and save a table; a stale row is refused', async ({ app: page, server, consoleErrors }) => {
  test.setTimeout(90_000);
  const { connections } = (await (await server.fetch('/api/connections')).json()) as { connections: { id: string; name: string }[] };
  const sample = connections.find((c) => c.name === 'Sample database')!;
  await page.goto(`${server.baseUrl}/data?connection=${sample.id}&schema=main&table=products`);

  const tab = page.getByTestId('data-tab-products');
  await expect(tab.getByTestId('row-count')).toContainText(/rows/);
  await expect(page.getByRole('link', { name: 'Data' })).toBeVisible();
  const rows = tab.getByRole('grid').getByRole('row');

  // Filter: one category; sort by price, ascending.
  await tab.getByLabel('Filter category_id').fill('= 1');
  await tab.getByLabel('Filter category_id').press('Enter');
  await expect(tab.getByTestId('view-sql')).toContainText(`"products"."category_id" = '1'`);
  await tab.getByRole('columnheader', { name: /^price/ }).click();
  await expect(tab.getByRole('columnheader', { name: /^price/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(tab.getByTestId('view-sql')).toContainText('ORDER BY "products"."price", "products"."id"');
  const prices = await tab.locator('[role=row] [data-column="price"]').allTextContents();
  expect(prices.length).toBeGreaterThan(2);
  const numbers = prices.map(Number);
  expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  // Columns: price moved two places left, then a header dragged before another.
  // A header reads "price NUMERIC", a key column's "⚷ id INTEGER": its position by name.
  const headers = async () => (await tab.getByRole('columnheader').allTextContents()).map((h) => h.replace('⚷', '').trim().split(' ')[0]);
  const before = await headers();
  await tab.getByRole('button', { name: 'Columns' }).click();
  await tab.getByRole('button', { name: 'Move price left' }).click();
  await tab.getByRole('button', { name: 'Move price left' }).click();
  await tab.getByRole('button', { name: 'Columns' }).click();
  const moved = await headers();
  expect(moved.indexOf('price')).toBe(before.indexOf('price') - 2);
  await tab.getByRole('columnheader', { name: /^⚷ id / }).dragTo(tab.getByRole('columnheader', { name: /^price/ }));
  const dragged = await headers();
  expect(dragged.indexOf('id')).toBe(dragged.indexOf('price') - 1);
  await screenshot(page, 'data-columns-moved');

  const first = rows.nth(2);
  const second = rows.nth(3);
  const firstId = await first.locator('[data-column="id"]').textContent();
  const secondId = await second.locator('[data-column="id"]').textContent();

  // Two edits and a new row, staged and marked.
  await editCell(first, 'name', 'Renamed by the data tab');
  await editCell(second, 'in_stock', '999');
  await expect(first).toHaveAttribute('data-state', 'edited');
  await tab.getByRole('button', { name: '+ Row' }).click();
  const added = tab.locator('[role=row][data-state="new"]');
  await expect(added).toHaveCount(1);
  await editCell(added, 'category_id', '1');
  await editCell(added, 'name', 'Added in e2e');
  await editCell(added, 'sku', 'E2E-0001');
  await editCell(added, 'price', '0.5');
  await expect(tab.getByTestId('pending')).toHaveText('3 staged');
  await screenshot(page, 'data-staged');

  await tab.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save 3 changes to products' });
  const preview = dialog.getByLabel('SQL preview');
  await expect(preview).toContainText(`UPDATE "main"."products"\nSET "name" = 'Renamed by the data tab'`);
  await expect(preview).toContainText(`"products"."id" = '${firstId}'`);
  await expect(preview).toContainText(`SET "in_stock" = '999'`);
  await expect(preview).toContainText(`INSERT INTO "main"."products" ("category_id", "name", "sku", "price")`);
  await screenshot(page, 'data-preview');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect(tab.getByRole('status')).toHaveText('Saved: 2 updated, 1 inserted, 0 deleted.');
  await expect(tab.getByTestId('pending')).toBeHidden();
  await expect(tab.locator('[role=row] [data-column="name"]', { hasText: 'Added in e2e' })).toBeVisible();
  await expect(tab.locator('[role=row] [data-column="name"]', { hasText: 'Renamed by the data tab' })).toBeVisible();

  const file = join(server.home, 'samples', 'sample.db');
  const db = new Database(file);
  expect(db.prepare('SELECT name FROM products WHERE id = ?').pluck().get(Number(firstId))).toBe('Renamed by the data tab');
  expect(db.prepare('SELECT in_stock FROM products WHERE id = ?').pluck().get(Number(secondId))).toBe(999);
  expect(db.prepare("SELECT price FROM products WHERE sku = 'E2E-0001'").pluck().get()).toBe(0.5);
  await screenshot(page, 'data-saved');

  // Someone else changes a row after it was read: the save is refused, nothing applied.
  const rowById = (id: string | number) => tab.locator('[role=row]', { has: page.locator('[data-column="id"]', { hasText: new RegExp(`^${id}$`) }) });
  await editCell(rowById(firstId!), 'name', 'My edit');
  await editCell(rowById(db.prepare("SELECT id FROM products WHERE sku = 'E2E-0001'").pluck().get() as number), 'in_stock', '5');
  db.prepare("UPDATE products SET name = 'Changed elsewhere' WHERE id = ?").run(Number(firstId));
  await tab.getByRole('button', { name: 'Save' }).click();
  const conflict = page.getByRole('dialog', { name: 'Save 2 changes to products' });
  await conflict.getByRole('button', { name: 'Apply' }).click();
  await expect(conflict.getByRole('alert')).toContainText(`Change 1 (update of the row id = ${firstId}): the row was changed by someone else since it was read. Nothing was saved.`);
  await screenshot(page, 'data-stale');
  await conflict.getByRole('button', { name: 'Cancel' }).click();
  expect(db.prepare('SELECT name FROM products WHERE id = ?').pluck().get(Number(firstId))).toBe('Changed elsewhere');
  expect(db.prepare("SELECT in_stock FROM products WHERE sku = 'E2E-0001'").pluck().get()).toBe(0);
  db.close();

  // Foreign keys both ways: a product's category opens in a filtered tab, and from there the
  // products pointing at it.
  await rowById(secondId!).locator('[data-column="category_id"]').getByRole('button', { name: 'Follow category_id to categories' }).click();
  const categories = page.getByTestId('data-tab-categories');
  await expect(page.getByRole('tab', { name: /categories \(id = 1\)/ })).toBeVisible();
  await expect(categories.getByTestId('view-sql')).toContainText(`WHERE "categories"."id" = '1'`);
  await expect(categories.getByRole('grid').getByRole('row')).toHaveCount(3);
  await categories.getByRole('grid').getByRole('row').nth(2).locator('[data-column="name"]').click();
  await categories.getByRole('button', { name: 'Referenced by' }).click();
  await categories.getByRole('button', { name: 'products (category_id)' }).click();
  await expect(page.getByRole('tab', { name: /products \(category_id = 1\)/ })).toBeVisible();
  await screenshot(page, 'data-followed');
  expect(consoleErrors).toEqual([]);
});
