import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ActivityLog, MAX_TEXT, type ActivityRecord } from './activity-log.ts';

const home = () => mkdtempSync(join(tmpdir(), 'activity-'));
const record = (over: Partial<ActivityRecord> = {}): ActivityRecord => ({
  at: new Date().toISOString(), kind: 'statement', connectionId: 'c1', connectionName: 'Sample', text: 'SELECT ?', durationMs: 1, rows: 1, error: null, ...over,
});

test('the cap holds: only the newest entries are kept, and the file stays small', () => {
  const dir = home();
  const log = new ActivityLog(dir, { cap: 1000 });
  for (let batch = 0; batch < 20; batch++) {
    for (let i = 0; i < 500; i++) log.add(record({ text: `SELECT ${batch * 500 + i} ${'x'.repeat(200)}` }));
    log.flush();
  }
  const all = log.page({ limit: 1000 });
  assert.equal(all.entries.length, 1000);
  assert.equal(all.next, null, 'nothing older than the cap is left');
  assert.match(all.entries[0]!.text, /^SELECT 9999 /);
  assert.match(all.entries.at(-1)!.text, /^SELECT 9000 /);
  log.close();
  const bytes = statSync(join(dir, 'activity.db')).size;
  assert.ok(bytes < 2_000_000, `activity.db is ${bytes} bytes`);
});

test('a long text is cut, and says by how much', () => {
  const log = new ActivityLog(home());
  log.add(record({ text: 'y'.repeat(MAX_TEXT + 10) }));
  const [entry] = log.page({ limit: 10 }).entries;
  assert.match(entry!.text, /… \(10 more characters\)$/);
  log.close();
});

test('pages newest first with filters: connection, kind, text, errors only', () => {
  const log = new ActivityLog(home());
  log.add(record({ connectionId: 'a', text: 'SELECT 1' }));
  log.add(record({ connectionId: 'b', text: 'DELETE FROM t', error: 'permission denied' }));
  log.add(record({ connectionId: 'a', kind: 'connection_test', text: 'Test PostgreSQL · u@h/db', error: 'refused' }));
  log.add(record({ connectionId: 'a', text: 'SELECT 100%_done' }));
  const texts = (q: Parameters<ActivityLog['page']>[0]) => log.page(q).entries.map((e) => e.text);
  assert.deepEqual(texts({ limit: 10, connection: 'a', kind: 'statement' }), ['SELECT 100%_done', 'SELECT 1']);
  assert.deepEqual(texts({ limit: 10, errors: true }), ['Test PostgreSQL · u@h/db', 'DELETE FROM t']);
  assert.deepEqual(texts({ limit: 10, q: 'permission' }), ['DELETE FROM t']);
  assert.deepEqual(texts({ limit: 10, q: '%_' }), ['SELECT 100%_done'], 'LIKE wildcards are matched as text');
  const first = log.page({ limit: 2 });
  assert.equal(first.entries.length, 2);
  const second = log.page({ limit: 2, before: first.next! });
  assert.deepEqual(second.entries.map((e) => e.text), ['DELETE FROM t', 'SELECT 1']);
  assert.equal(second.next, null);
  log.close();
});

test('subscribers get entries as they are written, after add returns', async () => {
  const log = new ActivityLog(home());
  const seen: string[] = [];
  log.subscribe((entries) => seen.push(...entries.map((e) => e.text)));
  log.add(record({ text: 'one' }));
  log.add(record({ text: 'two' }));
  assert.deepEqual(seen, [], 'not written in the caller\'s path');
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(seen, ['one', 'two']);
  log.close();
});
