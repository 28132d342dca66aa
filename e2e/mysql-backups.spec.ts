// Backups of a MariaDB connection in a real Chromium: back it up with mariadb-dump (the
// progress bar moving), verify it fully (restored into a scratch schema and compared), and
// see the tool and the verified badge in the list.
import { startMariadb, type TestMariadb } from '../server/testing/mariadb.ts';
import { expect, screenshot, test } from './fixtures.ts';

let maria: TestMariadb;
test.beforeAll(async () => {
  maria = await startMariadb({ database: 'shop' });
  maria.rootSql(`USE shop; CREATE TABLE shop.products (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, price DECIMAL(8,2));
    INSERT INTO shop.products (name, price) VALUES ('Tea 🍵', 3.50), ('Coffee', 4.25);
    CREATE TABLE shop.audit_log (id INT AUTO_INCREMENT PRIMARY KEY, entry TEXT) ENGINE=InnoDB;
    INSERT INTO shop.audit_log (entry) SELECT REPEAT(MD5(seq), 12) FROM seq_1_to_300000;
    ANALYZE TABLE shop.products, shop.audit_log;`); // table sizes known at once: the bar's total comes from them
});
test.afterAll(async () => {
  await maria?.stop();
});

test('back up a MariaDB connection with mariadb-dump and verify it fully', async ({ app: page, consoleErrors }) => {
  test.setTimeout(180_000);
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Connection URL').fill(`mariadb://${maria.user}:${maria.password}@127.0.0.1:${maria.port}/shop?ssl-mode=DISABLED`);
  await dialog.getByRole('button', { name: 'Fill' }).click();
  // Fill's answer sets a suggested name: typing before it lands would append to it.
  await expect(dialog.getByLabel('Connection URL')).toHaveValue('');
  await dialog.getByLabel('Name').fill('Shop MariaDB');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('connection-Shop MariaDB')).toBeVisible();

  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  const start = page.getByRole('dialog', { name: 'Back up now' });
  await start.getByLabel('Connection').selectOption({ label: 'Shop MariaDB' });
  await expect(start.getByLabel('Backup kind').locator('option')).toHaveCount(4);
  await start.getByRole('button', { name: 'Start backup' }).click();

  const job = page.getByRole('group', { name: 'Back up Shop MariaDB (full)' });
  const bar = job.getByRole('progressbar');
  await expect(bar).toBeVisible();
  const first = Number(await bar.getAttribute('value'));
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 30_000 }).toBeGreaterThan(first);
  await expect(job).toContainText(/\d+%/);
  // The dump's bytes against the tables' size, as sizes rather than a long count of bytes.
  await expect(job).toContainText(/\d[\d.]* [KMG]?B \/ \d[\d.]* MB of data/);
  await screenshot(page, 'mysql-backup-progress');
  await expect(job).toContainText('Done', { timeout: 90_000 });
  await expect(job).toContainText('quick verify passed');

  const row = page.getByRole('table', { name: 'Backups' }).getByRole('row').nth(1);
  await expect(row).toContainText('Shop MariaDB');
  await expect(row).toContainText('mariadb-dump');
  await row.getByRole('button', { name: 'Verify' }).click();
  await expect(row).toContainText('Verified', { timeout: 90_000 });
  await screenshot(page, 'mysql-backup-verified');
  expect(consoleErrors).toEqual([]);
});
