// Adding a connection: the form offers every engine with its own fields, a pasted URL picks
// the engine and names the connection, and the list labels each connection by its engine.
import { expect, screenshot, test } from './fixtures.ts';

test('the connection form shows each engine\'s fields, and a URL fills them', async ({ app, consoleErrors }) => {
  await expect(app.getByTestId('connection-Sample database')).toContainText(/SQLite · \/.*sample\.db/);

  await app.getByRole('button', { name: 'New connection' }).click();
  const dialog = app.getByRole('dialog', { name: 'New connection' });
  await expect(dialog.getByRole('radio', { name: 'PostgreSQL' })).toBeChecked();
  await expect(dialog.getByLabel('Host')).toHaveValue('localhost');
  await expect(dialog.getByLabel('Password')).toBeVisible();

  await dialog.getByRole('radio', { name: 'SQLite' }).check();
  await expect(dialog.getByLabel('Database file (absolute path)')).toBeVisible();
  await expect(dialog.getByLabel('Host')).toHaveCount(0);
  await expect(dialog.getByLabel('Password')).toHaveCount(0);
  await screenshot(app, 'connection-form-sqlite');

  await dialog.getByRole('radio', { name: 'MySQL / MariaDB' }).check();
  await expect(dialog.getByLabel('Port')).toHaveValue('3306');
  await expect(dialog.getByLabel('Password')).toBeVisible();

  await dialog.getByLabel('Connection URL').fill('postgres://alice@db.example:6543/sales?sslmode=require');
  await dialog.getByRole('button', { name: 'Fill' }).click();
  await expect(dialog.getByRole('radio', { name: 'PostgreSQL' })).toBeChecked();
  await expect(dialog.getByLabel('Name')).toHaveValue('sales on db.example');
  await expect(dialog.getByLabel('Port')).toHaveValue('6543');
  await expect(dialog.getByLabel('SSL')).toHaveValue('require');
  expect(consoleErrors).toEqual([]);
});
