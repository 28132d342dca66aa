// End-to-end tests in a real Chromium against the production build (dist/server).
// Debian's /usr/bin/chromium when present (this project's CI), else Playwright's own
// browser (`npx playwright install chromium`), so the same tests run on any machine.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../test-results/e2e',
  timeout: 60_000,
  // A stuck run fails inside CI's budget instead of being killed with it.
  globalTimeout: 30 * 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM, args } : { args },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
