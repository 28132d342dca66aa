// Backups in a real Chromium: back up the sample database (grown first, so the backup takes
// a few seconds) with the progress bar moving, verify it fully, restore it into a new
// file, and schedule one with the cron preview.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, screenshot, test } from './fixtures.ts';

test('back up the sample database, verify it, restore it into a new file, schedule one', async ({ app: page, server, consoleErrors }) => {
  test.setTimeout(180_000); // a real backup, verify and restore of ~100 MB, on a machine that may be busy
  // More rows in the sample, so the bar has time to move.
  const sample = new Database(join(server.home, 'samples', 'sample.db'));
  sample.exec('CREATE TABLE IF NOT EXISTS audit_log (id INTEGER PRIMARY KEY, entry TEXT)');
  sample.prepare('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO audit_log (entry) SELECT hex(randomblob(400)) FROM n').run(150_000);
  sample.close();

  await page.getByRole('link', { name: 'Backups' }).click();
  await expect(page.getByRole('heading', { name: 'Backups' })).toBeVisible();
  await page.getByRole('button', { name: 'Back up now' }).click();
  const start = page.getByRole('dialog', { name: 'Back up now' });
  await expect(start.getByLabel('Backup kind')).toHaveValue('full');
  await start.getByRole('button', { name: 'Start backup' }).click();

  const job = page.getByRole('group', { name: 'Back up Sample database (full)' });
  const bar = job.getByRole('progressbar');
  await expect(bar).toBeVisible();
  const first = Number(await bar.getAttribute('value'));
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(first);
  await expect(job).toContainText(/\d+%/);
  await screenshot(page, 'backups-progress');
  await expect(job).toContainText('Done', { timeout: 60_000 });
  await expect(job).toContainText('quick verify passed');

  const row = page.getByRole('table', { name: 'Backups' }).getByRole('row').nth(1);
  await expect(row).toContainText('Sample');
  await expect(row).toContainText('Full');
  await expect(row).toContainText('SQLite online backup API');
  await expect(row).toContainText('Quick check ok');

  await row.getByRole('button', { name: 'Verify' }).click();
  await expect(row).toContainText('Verified', { timeout: 60_000 });
  await row.getByLabel('Verification report').click();
  await expect(row).toContainText('main.audit_log: 150000 rows, identical');
  await screenshot(page, 'backups-verified');

  const target = join(server.home, 'restored.db');
  await row.getByRole('button', { name: 'Restore' }).click();
  const restore = page.getByRole('dialog', { name: /^Restore Sample database backup/ });
  await restore.getByRole('textbox', { name: 'New file path' }).fill(target);
  await restore.getByRole('button', { name: 'Restore' }).click();
  await expect(restore).toBeHidden();
  const restoreJob = page.getByRole('group', { name: /^Restore Sample database backup/ });
  await expect(restoreJob).toContainText('Done', { timeout: 60_000 });
  await expect(restoreJob).toContainText(`Restored into ${target}`);
  expect(existsSync(target)).toBe(true);
  const restored = new Database(target, { readonly: true });
  expect((restored.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(150_000);
  restored.close();

  await page.getByRole('button', { name: 'New schedule' }).click();
  const schedule = page.getByRole('dialog', { name: 'New schedule' });
  await schedule.getByLabel('Cron expression').fill('30 2 * * 1');
  await expect(schedule.getByLabel('Schedule preview')).toContainText('At 02:30, only on Monday');
  await schedule.getByLabel('Cron expression').fill('not cron');
  await expect(schedule.getByRole('button', { name: 'Save schedule' })).toBeDisabled();
  await schedule.getByLabel('Cron expression').fill('0 2 * * *');
  await expect(schedule.getByLabel('Schedule preview')).toContainText('At 02:00');
  await schedule.getByRole('button', { name: 'Save schedule' }).click();
  const schedules = page.getByRole('table', { name: 'Schedules' });
  await expect(schedules).toContainText('At 02:00');
  await expect(schedules).toContainText('newest 7');
  await screenshot(page, 'backups-schedule');
  expect(consoleErrors).toEqual([]);
});
