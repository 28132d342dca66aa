// What a user sees when things go wrong: a full disk while the editor saves (the tab says
// it was not saved, and why), a query session closed for idleness (the results say the
// session state was lost), and a database that stops (its status shows it down, then back).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startPostgres, type TestPostgres } from '../server/testing/postgres.ts';
import { startServer, type ServerProcess } from '../server/testing/server-process.ts';
import { screenshot } from './fixtures.ts';

const test = base;
let mountPoint: string | undefined;
let server: ServerProcess;
let pg: TestPostgres;

// The home lives on a small tmpfs when we are root (so the disk can really fill up).
function tmpfsHome(): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'dbt-e2e-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  mountPoint = dir;
  mkdirSync(join(dir, 'home'));
  return join(dir, 'home');
}

test.beforeAll(async () => {
  pg = await startPostgres();
  const home = tmpfsHome();
  server = await startServer({ ...(home ? { home } : {}), env: { DB_TOOLKIT_SESSION_IDLE_MS: '2000', DB_TOOLKIT_CONNECTION_CHECK_MS: '300' } });
});
test.afterAll(async () => {
  await server?.stop();
  await pg?.stop();
  if (mountPoint) {
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  }
});

async function openSampleSql(page: Page) {
  await page.goto(`${server.baseUrl}/?token=${server.token}`);
  await page.getByTestId('connection-Sample database').getByRole('link', { name: 'Open SQL' }).click();
  await expect(page.getByLabel('Connection of this tab')).toHaveValue(/.+/);
}

async function runInEditor(page: Page, sql: string) {
  await page.getByTestId('sql-editor').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(sql);
  await page.keyboard.press('ControlOrMeta+Enter');
}

function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 16, 1 << 12, 1]) {
      try {
        for (;;) writeSync(fd, Buffer.alloc(size, 0x2e));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

test('a full disk: the tab says it was not saved and why; once there is space, it saves again', async ({ page }) => {
  test.skip(!mountPoint, 'needs root on Linux to put the home on a small tmpfs');
  await openSampleSql(page);
  await runInEditor(page, 'SELECT 1');
  const state = page.getByRole('alert').filter({ hasText: 'Not saved' });
  fillDisk(join(mountPoint!, 'filler'));
  await page.keyboard.type(' -- written while the disk is full');
  await expect(state).toContainText('Not saved — The disk is full: workspace.json could not be saved. Nothing was lost');
  await screenshot(page, 'disk-full');
  rmSync(join(mountPoint!, 'filler'));
  await page.keyboard.type(' and saved later');
  await expect(state).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('sql-editor')).toContainText('written while the disk is full and saved later');
});

test('a session closed for idleness: the next run works and says the session state was lost', async ({ page }) => {
  await openSampleSql(page);
  await runInEditor(page, 'CREATE TEMP TABLE scratch (x integer)');
  await expect(page.getByRole('status', { name: 'Query status' })).toContainText(/Done|CREATE/i);
  await page.waitForTimeout(3000);
  await runInEditor(page, 'SELECT count(*) AS customers FROM customers');
  await expect(page.getByText('session state was lost')).toBeVisible();
  await expect(page.getByRole('gridcell', { name: '2500' })).toBeVisible();
  await screenshot(page, 'session-state-lost');
});

test('PostgreSQL stopped: the connection shows down with the reason, then connected again', async ({ page }) => {
  await page.goto(`${server.baseUrl}/?token=${server.token}`);
  const res = await page.request.post(`${server.baseUrl}/api/connections`, {
    headers: { Origin: server.baseUrl },
    data: { name: 'Stoppable', password: pg.password, settings: { engine: 'postgres', host: pg.host, port: pg.port, database: pg.database, user: pg.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 3 } },
  });
  expect(res.status()).toBe(201);
  const { id } = await res.json();
  expect((await page.request.post(`${server.baseUrl}/api/connections/${id}/connect`, { headers: { Origin: server.baseUrl } })).status()).toBe(200);
  await page.reload();
  const dot = page.getByTestId('connection-Stoppable').locator('.status-dot');
  await expect(dot).toHaveAttribute('data-status', 'connected');
  await pg.halt();
  await expect(dot).toHaveAttribute('data-status', 'error', { timeout: 20_000 });
  await screenshot(page, 'connection-down');
  await pg.resume();
  await expect(dot).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
});
