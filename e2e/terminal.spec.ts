// The Terminal page: a real shell in the browser, several tabs, kept across reloads and
// server hiccups; disabled when the server listens beyond localhost.
import type { Page } from '@playwright/test';
import { startServer } from '../server/testing/server-process.ts';
import { expect, screenshot, test } from './fixtures.ts';

/** The visible tab's screen (xterm.js renders rows as DOM text). */
const screen = (page: Page) => page.locator('.terminal-pane:not([hidden]) .xterm-rows');

/** Waits until the selected tab's session runs (input typed before that is not sent). */
const running = (page: Page) => expect(page.locator('.terminal-tab[aria-selected="true"] .terminal-tab-dot')).toHaveAttribute('data-phase', 'running');

/** Types a command line into the visible terminal. */
async function typeLine(page: Page, line: string): Promise<void> {
  await running(page);
  await page.locator('.terminal-pane:not([hidden]) [data-testid="terminal-screen"]').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** A line printed by a command (the typed command line holds more than this). */
const outputLine = (page: Page, text: string) => screen(page).locator('div').filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) });

test('opens a shell, runs echo, opens a second tab, and gets both back after a reload', async ({ app, consoleErrors }) => {
  await app.getByRole('link', { name: 'Terminal' }).click();
  await expect(app).toHaveURL(/\/terminal$/);
  const tabs = app.getByRole('tab');
  await expect(tabs).toHaveCount(1);
  await expect(tabs.first()).toContainText('bash');

  await typeLine(app, 'echo hello-from-e2e');
  await expect(outputLine(app, 'hello-from-e2e')).toHaveCount(1);
  await screenshot(app, 'terminal');

  await app.getByRole('button', { name: 'New terminal' }).click();
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await typeLine(app, 'echo second-tab-$((40+2))');
  await expect(outputLine(app, 'second-tab-42')).toHaveCount(1);
  await screenshot(app, 'terminal-two-tabs');

  await app.reload();
  await expect(tabs).toHaveCount(2);
  await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
  await expect(outputLine(app, 'hello-from-e2e')).toHaveCount(1); // the screen is replayed
  await tabs.nth(1).click();
  await expect(outputLine(app, 'second-tab-42')).toHaveCount(1);
  await typeLine(app, 'echo still-$((6*7))');
  await expect(outputLine(app, 'still-42')).toHaveCount(1);
  await screenshot(app, 'terminal-after-reload');
  await app.emulateMedia({ colorScheme: 'dark' }); // the terminal follows the OS theme
  await screenshot(app, 'terminal-dark');
  await app.emulateMedia({ colorScheme: 'light' });

  // Switching to another section and back keeps the shells (and their screens) as they were.
  await app.getByRole('link', { name: 'Logs' }).click();
  await app.getByRole('link', { name: 'Terminal' }).click();
  await expect(tabs).toHaveCount(2);
  await expect(outputLine(app, 'still-42')).toHaveCount(1);

  // Closing a tab ends its shell; the other one stays.
  await app.getByRole('tab', { name: 'bash' }).nth(1).getByTitle('Close bash').click();
  await expect(tabs).toHaveCount(1);
  await expect(outputLine(app, 'hello-from-e2e')).toHaveCount(1);
  expect(consoleErrors).toEqual([]);
});

test('a shell that exits says so and can be restarted', async ({ app, consoleErrors }) => {
  await app.goto(`${new URL(app.url()).origin}/terminal`);
  await app.getByRole('button', { name: 'New terminal' }).click();
  await typeLine(app, 'exit 3');
  await expect(app.getByRole('status').filter({ hasText: 'exited with code 3' })).toBeVisible();
  await screenshot(app, 'terminal-exited');
  await app.getByRole('button', { name: 'Restart' }).click();
  await expect(app.getByText('exited with code 3')).toHaveCount(0);
  await typeLine(app, 'echo restarted-$((2+2))');
  await expect(outputLine(app, 'restarted-4')).toHaveCount(1);
  expect(consoleErrors).toEqual([]);
});

test('a second window takes the terminal over; the first can take it back', async ({ app }) => {
  const url = `${new URL(app.url()).origin}/terminal`;
  await app.goto(url);
  await typeLine(app, 'echo first-window-$((3+4))');
  await expect(outputLine(app, 'first-window-7')).toHaveCount(1);

  const other = await app.context().newPage();
  await other.goto(url);
  await expect(outputLine(other, 'first-window-7')).toHaveCount(1); // same session, screen replayed
  const notice = app.getByRole('status').filter({ hasText: 'open in another window' });
  await expect(notice).toBeVisible();
  await screenshot(app, 'terminal-detached');

  await notice.getByRole('button', { name: 'Use it here' }).click();
  await typeLine(app, 'echo taken-back-$((5+5))');
  await expect(outputLine(app, 'taken-back-10')).toHaveCount(1);
  await expect(other.getByRole('status').filter({ hasText: 'open in another window' })).toBeVisible();
  await other.close();
});

test('Open CLI for a connection the server cannot resolve explains why in the tab', async ({ app }) => {
  await app.goto(`${new URL(app.url()).origin}/terminal?cli=no-such-connection`);
  await expect(app).toHaveURL(/\/terminal$/); // a reload must not open it again
  const failure = app.getByRole('alert').filter({ hasText: 'Could not start the CLI' });
  await expect(failure).toBeVisible();
  await screenshot(app, 'terminal-cli-failed');
  await failure.getByRole('button', { name: 'Close tab' }).click();
  await expect(failure).toHaveCount(0);
});

test('the tab shows the lost server, reconnects, and offers a restart when the session is gone', async ({ page }) => {
  const first = await startServer();
  const { port, token } = first;
  await page.goto(`${first.baseUrl}/terminal?token=${token}`);
  await typeLine(page, 'echo before-the-stop-$((2*4))');
  await expect(outputLine(page, 'before-the-stop-8')).toHaveCount(1);

  await first.stop();
  await expect(page.locator('.terminal-pane:not([hidden])').getByText('Reconnecting…')).toBeVisible();
  await screenshot(page, 'terminal-reconnecting');

  const second = await startServer({ token, env: { BACKEND_PORT: String(port) } });
  try {
    await expect(page.getByText('This terminal session has ended')).toBeVisible({ timeout: 20_000 });
    await expect(outputLine(page, 'before-the-stop-8')).toHaveCount(1); // the old screen stays readable
    await screenshot(page, 'terminal-session-ended');
    await page.getByRole('button', { name: 'Restart' }).click();
    await typeLine(page, 'echo back-$((1+1))');
    await expect(outputLine(page, 'back-2')).toHaveCount(1);
  } finally {
    await second.stop();
  }
});

test('with the server listening beyond localhost, the page says the terminal is disabled', async ({ page }) => {
  const exposed = await startServer({ args: ['--host', '0.0.0.0'] });
  try {
    await page.goto(`${exposed.baseUrl}/terminal?token=${exposed.token}`);
    await expect(page.getByRole('alert').filter({ hasText: 'The terminal is disabled' })).toBeVisible();
    await expect(page.getByText('listens beyond localhost')).toBeVisible();
    await screenshot(page, 'terminal-disabled');
  } finally {
    await exposed.stop();
  }
});

test('Open CLI on the SQL page starts sqlite3 on the sample database in a terminal tab', async ({ app }) => {
  await app.getByTestId('connection-Sample database').getByRole('link', { name: 'Open SQL' }).click();
  await app.getByRole('link', { name: 'Open CLI' }).click();
  await expect(app).toHaveURL(/\/terminal$/);
  await expect(app.getByRole('tab', { selected: true })).toContainText('sqlite3');
  await typeLine(app, '.tables');
  await expect(screen(app)).toContainText('order_items');
  await typeLine(app, 'SELECT count(*) FROM categories;');
  await expect(outputLine(app, '10')).toHaveCount(1);
  await screenshot(app, 'terminal-open-cli');
});
