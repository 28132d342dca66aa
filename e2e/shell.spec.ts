// A new user's first minute: open the printed link, see the app connected to its server,
// watch the live log, and get back in after losing the token cookie.
import { freePort } from '../server/testing/free-port.ts';
import { startServer } from '../server/testing/server-process.ts';
import { expect, screenshot, test } from './fixtures.ts';

test('the printed link opens the app shell, connected, with the token gone from the address bar', async ({ app, server, consoleErrors }) => {
  await expect(app).toHaveURL(`${server.baseUrl}/connections`);
  const nav = app.getByRole('navigation', { name: 'Main' });
  for (const section of ['Connections', 'SQL', 'Backups', 'Migrations', 'Analytics', 'Terminal', 'Logs']) {
    await expect(nav.getByRole('link', { name: section })).toBeVisible();
  }
  await expect(app.getByRole('status')).toContainText('Connected');
  await expect(app.getByRole('status')).toContainText('v0.');
  await screenshot(app, 'shell');
  expect(consoleErrors).toEqual([]);
});

test('the Logs page shows the server log and new lines as they are written', async ({ app, server, consoleErrors }) => {
  await app.getByRole('link', { name: 'Logs' }).click();
  await expect(app).toHaveURL(/\/logs$/);
  await app.getByRole('tab', { name: 'Server log' }).click();
  const log = app.getByRole('log', { name: 'Server log' });
  await expect(log).toContainText('server ready');

  // Make the server log something new: a websocket refused for lack of a token.
  await fetch(`${server.baseUrl}/api/info`); // (401: logged at debug, filtered by default level)
  const refused = new WebSocket(`ws://127.0.0.1:${server.port}/ws/app`);
  await new Promise((resolve) => refused.addEventListener('close', resolve));
  await expect(log).toContainText('websocket refused: missing token');

  await app.getByRole('searchbox', { name: 'Filter log lines' }).fill('refused');
  await expect(log).not.toContainText('server ready');
  await expect(log).toContainText('websocket refused');
  await app.getByRole('searchbox', { name: 'Filter log lines' }).fill('');
  await screenshot(app, 'logs');
  expect(consoleErrors).toEqual([]);
});

test('without the token cookie the lock page asks for it, and pasting it unlocks', async ({ page, server }) => {
  await page.goto(`${server.baseUrl}/sql`);
  await expect(page.getByRole('heading', { name: 'DB Toolkit is locked' })).toBeVisible();
  await screenshot(page, 'locked');
  await page.getByLabel('Launch token').fill(server.token);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('status')).toContainText('Connected');
});

test('the indicator shows a lost server and reconnects by itself when it is back', async ({ page }) => {
  // A port of its own, not the scan from 8000 that other servers of the run (or of other
  // runs on the machine) may take while this one is down.
  const first = await startServer({ env: { BACKEND_PORT: String(await freePort()) } });
  const { port, token } = first;
  await page.goto(`${first.baseUrl}/?token=${token}`);
  const status = page.getByRole('status');
  await expect(status).toContainText('Connected');

  await first.stop();
  await expect(status).toContainText('Disconnected');
  await expect(status).toContainText('retry in');
  await screenshot(page, 'disconnected');

  const second = await startServer({ token, env: { BACKEND_PORT: String(port) } });
  try {
    await expect(status).toContainText('Connected', { timeout: 15_000 });
  } finally {
    await second.stop();
  }
});
