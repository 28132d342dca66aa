// Shared fixtures: a real built server in a temporary home per test file, and a page
// already signed in through the link the server prints.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startServer, type ServerProcess } from '../server/testing/server-process.ts';

export const SCREENSHOTS = join(import.meta.dirname, '..', 'test-results', 'screenshots');

export const test = base.extend<{ app: Page; consoleErrors: string[] }, { server: ServerProcess }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await use(errors);
  },
  app: async ({ page, server }, use) => {
    await page.goto(`${server.baseUrl}/?token=${server.token}`);
    await use(page);
  },
});

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

export { expect };
