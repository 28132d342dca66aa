// Files under the home, as the built server leaves them on first run and after damage: a
// workspace.json that no longer parses is moved aside (never overwritten) and /status says
// so; the sample database is readable by the user only.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readJson, startServer } from '../testing/server-process.ts';

const home = mkdtempSync(join(tmpdir(), 'dbt-ws-home-'));
after(() => rmSync(home, { recursive: true, force: true }));

test('first run: the sample database is 0600', async () => {
  const server = await startServer({ home });
  await server.stop();
  assert.equal(statSync(join(home, 'samples', 'sample.db')).mode & 0o777, 0o600);
});

test('an unreadable workspace.json is moved aside, kept, and reported by /status', async () => {
  const damaged = '{"version":1,"tabs":[{"id":"a","title":"Query 1","sql":"SELECT 1 -- the user\'s text';
  writeFileSync(join(home, 'workspace.json'), damaged);
  const server = await startServer({ home });
  try {
    const status = await readJson(await fetch(`${server.baseUrl}/status`));
    assert.equal(status.status, 'degraded');
    assert.equal(status.checks.workspace.ok, false);
    const aside = readdirSync(home).find((f) => f.startsWith('workspace.json.unreadable-'));
    assert.ok(aside, 'moved aside');
    assert.match(status.checks.workspace.detail, new RegExp(aside!.replace(/\./g, '\\.')));
    assert.equal(readFileSync(join(home, aside!), 'utf8'), damaged, 'the text is kept for recovery');
    assert.deepEqual((await readJson(await server.fetch('/api/workspace'))).tabs, []);
  } finally {
    await server.stop();
  }
});
