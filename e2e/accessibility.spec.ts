// axe-core on every page, in light and dark: no serious or critical violation (WCAG 2.1 A/AA
// rules: names, roles, contrast…). A failure lists each violation with the elements.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const PAGES: { path: string; ready: (page: Page) => Promise<void> }[] = [
  { path: '/connections', ready: (p) => expect(p.getByRole('button', { name: 'New connection' })).toBeVisible() },
  { path: '/sql', ready: (p) => expect(p.getByRole('button', { name: '▶ Run' })).toBeVisible() },
  { path: '/backups', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { path: '/analytics', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { path: '/terminal', ready: (p) => expect(p.locator('.xterm').first()).toBeVisible() },
  { path: '/logs', ready: (p) => expect(p.getByRole('table', { name: 'Activity' })).toBeVisible() },
  { path: '/logs?tab=server', ready: (p) => expect(p.getByRole('log', { name: 'Server log' })).toContainText('server ready') },
  { path: '/migrations', ready: (p) => expect(p.getByRole('heading', { name: 'Migrations' })).toBeVisible() },
  { path: '/data', ready: (p) => expect(p.getByRole('heading', { name: 'Open a table' })).toBeVisible() },
  { path: '/import', ready: (p) => expect(p.getByRole('heading', { name: 'Import' })).toBeVisible() },
  { path: '/schema-diff', ready: (p) => expect(p.getByRole('heading', { name: 'Schema diff' })).toBeVisible() },
  { path: '/er-diagram', ready: (p) => expect(p.getByRole('heading', { name: 'ER diagram' })).toBeVisible() },
];

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`).join('\n')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  for (const { path, ready } of PAGES) {
    test(`${path} has no serious or critical axe violation (${scheme})`, async ({ app, server }) => {
      test.setTimeout(120_000); // axe reads every node and colour: slow on a loaded machine
      await app.emulateMedia({ colorScheme: scheme });
      await app.goto(`${server.baseUrl}${path}`);
      await ready(app);
      await app.waitForTimeout(300); // late renders (live data) settle
      const found = await seriousViolations(app);
      expect(found, found.join('\n')).toEqual([]);
    });
  }

  test(`the lock page has no serious or critical axe violation (${scheme})`, async ({ browser, server }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sql`);
    await expect(page.getByRole('heading', { name: 'DB Toolkit is locked' })).toBeVisible();
    const found = await seriousViolations(page);
    expect(found, found.join('\n')).toEqual([]);
    await context.close();
  });
}
