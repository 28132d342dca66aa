// The desktop app end to end, in Electron itself (Playwright's _electron), over the
// production build: splash → main window signed in to its own server, the preload's narrow
// bridge and nothing else, navigation locked to the server, a server killed -9 replaced
// while the page (and anything typed in it) stays, a second launch handing over to the
// first, and quitting stopping the server.
//
// Needs Electron's binary: ELECTRON_OVERRIDE_DIST_PATH (an unpacked Electron 45) or the
// electron package's own download. Where it is missing, every test here is reported as
// skipped, with the reason.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { bundleDesktop, desktopAppDir } from '../../desktop/build/bundle.ts';
import { findElectron } from '../../desktop/build/electron-binary.ts';
import { processAlive, waitUntilGone } from '../../server/testing/processes.ts';
import { BUILT_SERVER } from '../../server/testing/server-process.ts';
import { screenshot } from '../fixtures.ts';

const root = join(import.meta.dirname, '..', '..');
const found = findElectron(root);
const notRun = 'missing' in found ? `desktop e2e tests not run: ${found.missing}` : undefined;
// The list reporter does not print skip reasons, so say it where the run is watched too.
if (notRun) console.log(notRun);
test.skip(notRun !== undefined, notRun);
test.describe.configure({ mode: 'serial' });

let userData = '';
let home = '';
// Chromium refuses to run as root with its sandbox on (containers, CI).
const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
let app: ElectronApplication;
let page: Page;

function serverPid(): number | undefined {
  const files = existsSync(join(home, 'instances')) ? readdirSync(join(home, 'instances')) : [];
  const pids = files.map((f) => Number.parseInt(f, 10)).filter((pid) => processAlive(pid));
  return pids.length === 1 ? pids[0] : undefined;
}

test.beforeAll(async () => {
  if (!existsSync(BUILT_SERVER)) throw new Error(`${BUILT_SERVER} is missing: run "npm run build" first.`);
  await bundleDesktop(root);
  userData = mkdtempSync(join(tmpdir(), 'dbt-electron-'));
  home = join(userData, 'data');
  const path = (found as { path: string }).path;
  app = await electron.launch({ executablePath: path, args: [desktopAppDir(root), ...rootArgs], env: { ...process.env, DB_TOOLKIT_USER_DATA: userData } });
  await expect.poll(() => app.windows().find((w) => w.url().startsWith('http://127.0.0.1:')), { timeout: 30_000 }).toBeTruthy();
  page = app.windows().find((w) => w.url().startsWith('http://127.0.0.1:'))!;
});

test.afterAll(async () => {
  await app?.close().catch(() => {});
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test('the main window shows the app, signed in, with the token gone from the address bar', async () => {
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/connections$/);
  await expect(page.getByRole('status')).toContainText('Connected');
  expect(app.windows().some((w) => w.url().endsWith('splash.html'))).toBe(false);
  await screenshot(page, 'desktop-main-window');
});

test('the page gets the narrow bridge, and no Node.js', async () => {
  const seen = await page.evaluate(() => {
    const w = window as unknown as { dbToolkitDesktop: Record<string, unknown>; require?: unknown; process?: unknown };
    return { keys: Object.keys(w.dbToolkitDesktop).sort(), version: w.dbToolkitDesktop.version, require: typeof w.require, process: typeof w.process };
  });
  expect(seen).toEqual({ keys: ['openLogsFolder', 'restartServer', 'version'], version: await app.evaluate(({ app }) => app.getVersion()), require: 'undefined', process: 'undefined' });
});

test('the window cannot be navigated away from the server', async () => {
  const origin = new URL(page.url()).origin;
  await page.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await page.waitForTimeout(1000);
  expect(new URL(page.url()).origin).toBe(origin);
  expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
});

test('a server killed -9 is replaced; the page is not reloaded and reconnects', async () => {
  await page.evaluate(() => ((window as unknown as { typedText: string }).typedText = 'unsaved SQL'));
  const before = serverPid()!;
  expect(before).toBeTruthy();
  process.kill(before, 'SIGKILL');
  await expect.poll(() => serverPid(), { timeout: 15_000 }).not.toBe(before);
  await expect(page.getByRole('status')).toContainText('Connected', { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { typedText?: string }).typedText)).toBe('unsaved SQL');
});

test('Restart Server from the bridge: a new server, the same page', async () => {
  const before = serverPid()!;
  await page.evaluate(() => (window as unknown as { dbToolkitDesktop: { restartServer(): Promise<void> } }).dbToolkitDesktop.restartServer());
  await expect.poll(() => serverPid(), { timeout: 15_000 }).not.toBe(before);
  await expect(page.getByRole('status')).toContainText('Connected', { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { typedText?: string }).typedText)).toBe('unsaved SQL');
});

test('a second launch hands over to the first and exits', async () => {
  const path = (found as { path: string }).path;
  const second = spawn(path, [desktopAppDir(root), ...rootArgs], { env: { ...process.env, DB_TOOLKIT_USER_DATA: userData }, stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
  expect(code).toBe(0);
  expect(app.windows().filter((w) => w.url().startsWith('http://127.0.0.1:'))).toHaveLength(1);
});

test('quitting stops the server and removes its port file', async () => {
  const pid = serverPid()!;
  await app.close();
  expect(await waitUntilGone(pid, 10_000)).toBe(true);
  expect(existsSync(join(home, 'backend.port'))).toBe(false);
});
