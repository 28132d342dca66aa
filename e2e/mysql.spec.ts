// A MariaDB user's journey: add the connection by URL, explore its databases and a
// table's columns, run a query (cells as the mariadb client prints them), stop a slow one
// and see a syntax error marked where MySQL says it is.
import { startMariadb, type TestMariadb } from '../server/testing/mariadb.ts';
import { expect, screenshot, test } from './fixtures.ts';

let maria: TestMariadb;
test.beforeAll(async () => {
  maria = await startMariadb({ database: 'shop' });
  maria.rootSql(`CREATE TABLE shop.products (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, price DECIMAL(8,2), added DATETIME(6));
    INSERT INTO shop.products (name, price, added) VALUES ('Tea 🍵', 3.50, '2024-02-29 10:00:00.000001'), ('Coffee', 4.25, NULL);
    CREATE VIEW shop.cheap AS SELECT name FROM shop.products WHERE price < 4;`);
});
test.afterAll(async () => {
  await maria?.stop();
});

async function runInEditor(page: import('@playwright/test').Page, sql: string, keys = 'ControlOrMeta+Enter') {
  await page.getByTestId('sql-editor').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(sql);
  await page.keyboard.press(keys);
}

test('a MariaDB connection added by URL explores, runs, cancels and marks errors', async ({ app, consoleErrors }) => {
  test.setTimeout(180_000); // typing a few statements on a loaded machine
  await app.getByRole('button', { name: 'New connection' }).click();
  const dialog = app.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Connection URL').fill(`mariadb://${maria.user}:${maria.password}@127.0.0.1:${maria.port}/shop?ssl-mode=DISABLED`);
  await dialog.getByRole('button', { name: 'Fill' }).click();
  await expect(dialog.getByLabel('Name')).toHaveValue('shop on 127.0.0.1');
  await dialog.getByLabel('Name').fill('Test MariaDB');
  await dialog.getByRole('button', { name: 'Test' }).click();
  await expect(dialog.getByRole('status')).toContainText('Connected to MariaDB');
  await screenshot(app, 'mysql-connection-form');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(app.getByTestId('connection-Test MariaDB')).toBeVisible();
  await expect(app.getByTestId('connection-Test MariaDB')).toContainText('MySQL / MariaDB');

  await app.getByTestId('connection-Test MariaDB').getByRole('link', { name: 'Open SQL' }).click();
  await expect(app.getByLabel('Connection of this tab')).toHaveValue(/.+/);
  const tree = app.getByRole('tree', { name: 'Schema' });
  // The connection's database is open already; the server's own databases are not listed.
  await expect(tree.getByRole('treeitem', { name: /shop/ })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /products/ })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /cheap/ })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /mysql|information_schema|performance_schema/ })).toHaveCount(0);
  await tree.getByRole('treeitem', { name: /products/ }).click();
  await expect(tree.getByRole('treeitem', { name: /price/ })).toBeVisible();
  await screenshot(app, 'mysql-explorer');

  await runInEditor(app, 'SELECT id, name, price, added FROM products ORDER BY id');
  await expect(app.getByTestId('row-count')).toHaveText('2 rows');
  await expect(app.getByRole('gridcell', { name: 'Tea 🍵' })).toBeVisible();
  await expect(app.getByRole('gridcell', { name: '2024-02-29 10:00:00.000001' })).toBeVisible();
  await screenshot(app, 'mysql-results');

  await runInEditor(app, 'SELECT SLEEP(30)');
  await expect(app.getByRole('status', { name: 'Query status' })).toContainText('Running');
  await app.getByRole('button', { name: '■ Stop' }).click();
  await expect(app.getByRole('status', { name: 'Query status' })).toContainText('Cancelled', { timeout: 3000 });

  await runInEditor(app, 'SELECT 1;\nSELECT name FROM products WHERE', 'ControlOrMeta+Shift+Enter');
  await expect(app.getByRole('log', { name: 'Messages' })).toContainText("right syntax to use near '' at line 1");
  await runInEditor(app, 'SELECT 1;\nSELECT nope FROM products', 'ControlOrMeta+Shift+Enter');
  await expect(app.getByRole('log', { name: 'Messages' })).toContainText("Unknown column 'nope'");
  await expect(app.locator('.cm-sql-error')).toHaveText('nope');
  await screenshot(app, 'mysql-error');
  expect(consoleErrors).toEqual([]);
});
