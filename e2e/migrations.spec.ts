// Migrations in a real Chromium, on a SQLite database of its own: create a migration and
// write its SQL in place, dry-run it (rehearsed and rolled back), migrate, roll back — with
// the live log of each run — and check the database after each step.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, screenshot, test } from './fixtures.ts';

test('create a migration, dry-run, migrate and roll back with the live log', async ({ app: page, server, consoleErrors }) => {
  test.setTimeout(120_000);
  const file = join(server.home, 'migrations-e2e.db');
  new Database(file).close();
  const res = await page.request.post(`${server.baseUrl}/api/connections`, {
    headers: { Origin: server.baseUrl },
    data: { name: 'Migrations e2e', settings: { engine: 'sqlite', file, readOnly: false } },
  });
  expect(res.status()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const tables = () => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    } finally {
      db.close();
    }
  };

  await page.goto(`${server.baseUrl}/migrations?connection=${id}`);
  await expect(page.getByRole('heading', { name: 'Migrations' })).toBeVisible();
  await expect(page.getByLabel('Connection')).toHaveValue(id);
  await expect(page.getByTestId('migrations-folder')).toHaveText(join(server.home, 'migrations', id));
  await expect(page.getByText('No migrations yet')).toBeVisible();

  await page.getByLabel('New migration name').fill('create notes');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const row = page.getByRole('table', { name: 'Migrations' }).getByRole('row').nth(1);
  await expect(row).toContainText('create_notes');
  await expect(row).toContainText('Pending');
  const up = page.getByRole('region', { name: /^File \d+_create_notes\.up\.sql$/ });
  await expect(up.getByLabel('Migration SQL')).toHaveValue(/create notes: the change/);
  await up.getByLabel('Migration SQL').fill("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\nINSERT INTO notes (body) VALUES ('hello'), ('world');\n");
  await up.getByRole('button', { name: 'Save' }).click();
  await expect(up).toContainText('Saved.');
  await expect(up.getByRole('link', { name: 'Open in editor' })).toHaveAttribute('href', /^\/sql\?connection=.*CREATE\+TABLE\+notes/);
  await row.getByRole('button', { name: 'down' }).click();
  const down = page.getByRole('region', { name: /^File \d+_create_notes\.down\.sql$/ });
  await down.getByLabel('Migration SQL').fill('DROP TABLE notes;\n');
  await down.getByRole('button', { name: 'Save' }).click();
  await expect(down).toContainText('Saved.');

  const log = page.getByRole('log', { name: 'Run log' });
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(log.getByTestId('run-state')).toHaveText('Done', { timeout: 30_000 });
  await expect(log).toContainText(/\[2\/2\] INSERT INTO notes .* 2 rows affected/);
  await expect(log).toContainText('Dry run over: everything was rolled back');
  await expect(row).toContainText('Pending');
  expect(tables()).toEqual([]);
  await screenshot(page, 'migrations-dry-run');

  await page.getByRole('button', { name: 'Migrate', exact: true }).click();
  await expect(log.getByTestId('run-result')).toHaveText(/^Applied 1 migration: \d+$/, { timeout: 30_000 });
  await expect(log).toContainText(/✓ applied \d+ create_notes/);
  await expect(row).toContainText('Applied');
  expect(tables()).toEqual(['db_toolkit_migrations', 'notes']);
  await screenshot(page, 'migrations-applied');

  await page.getByRole('button', { name: 'Rollback', exact: true }).click();
  await expect(log.getByTestId('run-result')).toHaveText(/^Rolled back 1 migration: \d+$/, { timeout: 30_000 });
  await expect(log).toContainText(/✓ rolled back \d+ create_notes/);
  await expect(row).toContainText('Pending');
  expect(tables()).toEqual(['db_toolkit_migrations']);
  await screenshot(page, 'migrations-rolled-back');
  expect(consoleErrors).toEqual([]);
});
