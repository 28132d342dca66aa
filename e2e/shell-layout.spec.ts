// The shell on narrow windows (nothing cut at 800 px, side panels within 30% at 1024 px),
// the sidebar collapsing to icons, themes, and the lock page: it lands on the page asked
// for, and neither a visit nor a failed connection test puts an error in the console.
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures.ts';

async function openSql(app: Page) {
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'SQL', exact: true }).click();
  await expect(app.getByRole('button', { name: '▶ Run' })).toBeVisible();
}

async function inViewport(page: Page, name: string) {
  const link = page.getByRole('link', { name });
  await expect(link).toBeVisible();
  const box = (await link.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `"${name}" ends within the ${width} px window`).toBeLessThanOrEqual(width);
}

/** The SQL page on the sample database (the suite's server holds other specs' tabs, some on stopped servers). */
async function openSampleSql(app: Page, server: { baseUrl: string; fetch(path: string): Promise<Response> }, sql?: string) {
  const { connections } = (await (await server.fetch('/api/connections')).json()) as { connections: { id: string; name: string }[] };
  const sample = connections.find((c) => c.name === 'Sample database')!;
  await app.goto(`${server.baseUrl}/sql?${new URLSearchParams({ connection: sample.id, ...(sql ? { sql } : {}) })}`);
  await expect(app.getByRole('button', { name: '▶ Run' })).toBeVisible();
}

test('at 800 px nothing is cut: the SQL toolbar keeps every button, "Open CLI" included', async ({ app, server, consoleErrors }) => {
  await app.setViewportSize({ width: 800, height: 700 });
  await openSampleSql(app, server);
  await inViewport(app, 'Open CLI');
  for (const name of ['▶ Run', 'Run all', '■ Stop', 'History']) {
    const box = (await app.getByRole('button', { name }).boundingBox())!;
    expect(box.x + box.width, name).toBeLessThanOrEqual(800);
  }
  const toolbar = app.getByRole('button', { name: '▶ Run' }).locator('..');
  const spread = await toolbar.evaluate((el) => {
    const middles = [...el.children].map((c) => c.getBoundingClientRect()).filter((r) => r.height > 0).map((r) => r.top + r.height / 2);
    return Math.max(...middles) - Math.min(...middles);
  });
  expect(spread, 'the toolbar stays on one line').toBeLessThan(12);
  expect(await app.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
  await screenshot(app, 'sql-800');
  expect(consoleErrors).toEqual([]);
});

test('at 1024 px the side panels take at most 30% of the width; the sidebar collapses to icons and back', async ({ app }) => {
  await app.setViewportSize({ width: 1024, height: 700 });
  await openSql(app);
  const nav = app.getByRole('navigation', { name: 'Main' });
  const sideWidths = async () => (await nav.boundingBox())!.width + (await app.locator('aside').first().boundingBox())!.width;
  expect(await sideWidths()).toBeLessThanOrEqual(0.3 * 1024);
  await inViewport(app, 'Open CLI');
  await screenshot(app, 'sql-1024');

  // Collapsed by itself on this width; expanding shows the labels, and the choice is kept.
  await expect(nav.getByRole('link', { name: 'Logs' })).toBeVisible();
  await nav.getByRole('button', { name: 'Expand sidebar' }).click();
  await expect(nav.getByText('Connections', { exact: true })).toBeVisible();
  await app.reload();
  await expect(nav.getByRole('button', { name: 'Collapse sidebar' })).toBeVisible();
  await nav.getByRole('button', { name: 'Collapse sidebar' }).click();
  await expect(nav.getByText('Connections', { exact: true })).toBeHidden();
});

test('the theme follows the OS, and a choice of Light or Dark is remembered', async ({ app }) => {
  const theme = () => app.evaluate(() => document.documentElement.dataset.theme);
  const background = () => app.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await app.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(theme).toBe('dark');
  expect(await background()).toBe('rgb(22, 24, 29)');
  await app.emulateMedia({ colorScheme: 'light' });
  await expect.poll(theme).toBe('light');
  expect(await background()).toBe('rgb(255, 255, 255)');

  await app.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect.poll(theme).toBe('dark');
  await app.reload();
  await expect.poll(theme).toBe('dark');
  await expect(app.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  await screenshot(app, 'connections-dark');
  await app.getByRole('combobox', { name: 'Theme' }).selectOption('system');
  await expect.poll(theme).toBe('light');
});

test('the lock page: no console error on a visit, and the token lands on the page asked for', async ({ browser, server }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const failed: string[] = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(`${server.baseUrl}/logs?tab=server`);
  await expect(page.getByRole('heading', { name: 'DB Toolkit is locked' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await screenshot(page, 'locked-styled');
  expect(errors).toEqual([]);
  expect(failed).toEqual([]);

  await page.getByLabel('Launch token').fill(server.token);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page).toHaveURL(`${server.baseUrl}/logs?tab=server`);
  await expect(page.getByRole('tab', { name: 'Server log' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('log', { name: 'Server log' })).toContainText('server ready');
  await context.close();
});

test('a failed connection test shows why, with no error in the console', async ({ app, consoleErrors }) => {
  await app.getByRole('button', { name: 'New connection' }).click();
  const dialog = app.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Host').fill('127.0.0.1');
  await dialog.getByLabel('Port').fill('1');
  await dialog.getByLabel('Password').fill('x');
  await dialog.getByRole('button', { name: 'Test' }).click();
  await expect(dialog.getByRole('status')).toContainText('127.0.0.1:1', { timeout: 20_000 });
  await screenshot(app, 'connection-test-failed');
  expect(consoleErrors).toEqual([]);
});

test('the Activity tab lists what was run, values kept out', async ({ app, server }) => {
  await openSampleSql(app, server, "SELECT 'activity-secret-value' AS v");
  await expect(app.locator('.cm-content')).toContainText('activity-secret-value');
  await app.getByRole('button', { name: '▶ Run' }).click();
  await expect(app.getByRole('gridcell', { name: 'activity-secret-value' })).toBeVisible(); // it ran before the page is left
  await app.getByRole('link', { name: 'Logs' }).click();
  const table = app.getByRole('table', { name: 'Activity' });
  await expect(table).toContainText('SELECT ? AS v');
  await expect(table).not.toContainText('activity-secret-value');
  await app.getByRole('checkbox', { name: 'Errors only' }).check();
  await expect(table).not.toContainText('SELECT ? AS v');
  await app.getByRole('checkbox', { name: 'Errors only' }).uncheck();
  await app.getByRole('searchbox', { name: 'Search activity' }).fill('AS v');
  await expect(table).toContainText('SELECT ? AS v');
  await screenshot(app, 'activity');
});
