// Long work seen from any page: the jobs indicator counts a running job, its popover shows
// the progress with rate and time left, Cancel stops it (its processes are gone), and the
// outcome is still listed after a reload. The job — a real child process — is started
// through the test-only /ws/test-jobs (DB_TOOLKIT_TEST_JOBS=1).
import { processAlive, waitUntilGone } from '../server/testing/processes.ts';
import { startServer, type ServerProcess } from '../server/testing/server-process.ts';
import { connect } from '../server/testing/ws-client.ts';
import { expect, screenshot, test } from './fixtures.ts';

let server: ServerProcess;
test.beforeAll(async () => {
  server = await startServer({ env: { DB_TOOLKIT_TEST_JOBS: '1' } });
});
test.afterAll(async () => {
  await server.stop();
});

test('a running job shows in the jobs indicator, is cancelled from its popover, and its outcome stays', async ({ page, consoleErrors }) => {
  await page.goto(`${server.baseUrl}/?token=${server.token}`);
  const indicator = page.getByRole('button', { name: /^Jobs:/ });
  await expect(indicator).toHaveAccessibleName('Jobs: No jobs running');

  const tests = await connect(server.port, '/ws/test-jobs', { headers: { Authorization: `Bearer ${server.token}` } });
  tests.sendJson({ type: 'start_test_job', id: 's1', steps: 10_000, stepMs: 50 });
  await tests.reply('s1');
  const grandchildLine = await tests.next((m) => m.type === 'job_log' && (m.lines as { text: string }[]).some((l) => l.text.startsWith('grandchild ')), 10_000);
  const grandchild = Number((grandchildLine.lines as { text: string }[]).find((l) => l.text.startsWith('grandchild '))!.text.split(' ')[1]);

  await expect(indicator).toHaveAccessibleName('Jobs: 1 running');
  await indicator.click();
  const popover = page.getByRole('dialog', { name: 'Jobs' });
  const row = popover.getByRole('listitem', { name: 'Test job (10000 steps)' });
  await expect(row).toContainText('Running');
  await expect(row).toContainText('Stepping');
  await expect(row).toContainText(/\d[\d,]* \/ 10,000 steps/);
  await expect(row).toContainText(/steps\/s/);
  await expect(row).toContainText(/\d+:\d\d left/);
  const bar = row.getByRole('progressbar');
  const first = Number(await bar.getAttribute('value'));
  await expect.poll(async () => Number(await bar.getAttribute('value'))).toBeGreaterThan(first);
  await screenshot(page, 'jobs-running');

  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toContainText('Cancelled');
  await expect(row.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await expect(indicator).toHaveAccessibleName('Jobs: No jobs running');
  expect(await waitUntilGone(grandchild, 3000)).toBe(true);
  expect(processAlive(grandchild)).toBe(false);
  await screenshot(page, 'jobs-cancelled');
  tests.close();

  await page.reload();
  await page.getByRole('button', { name: /^Jobs:/ }).click();
  await expect(page.getByRole('dialog', { name: 'Jobs' }).getByRole('listitem', { name: 'Test job (10000 steps)' })).toContainText('Cancelled');
  expect(consoleErrors).toEqual([]);
});
