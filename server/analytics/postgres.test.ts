// Analytics on a real PostgreSQL: a row lock held by one transaction and a waiter is shown
// with its blocker; cancel and terminate work, keyed by start time, and are refused for
// the monitoring session and for a stale key; the long-running threshold; ten subscribers
// share one monitoring connection, closed when the last one leaves.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { ConnectTarget } from '../db/driver.ts';
import { AppError } from '../errors.ts';
import { AnalyticsSnapshot, TableStatistics } from '../protocol/index.ts';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { AnalyticsHub } from './hub.ts';
import { openMonitor } from './monitors.ts';
import { readTableStatistics } from './table-statistics.ts';
import { RecordingSubscriber } from './test-subscriber.ts';

let server: TestPostgres;
let admin: pg.Client;
let hub: AnalyticsHub;
let target: ConnectTarget;
const ID = 'pg1';

const client = async () => {
  const c = new pg.Client({ connectionString: server.url.replace(/\/postgres$/, '/watched') });
  c.on('error', () => {});
  await c.connect();
  return c;
};
const monitorConnections = async () =>
  Number((await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'DB Toolkit analytics'")).rows[0].n);
const until = async (check: () => Promise<boolean>, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

before(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE DATABASE watched');
  const setup = await client();
  await setup.query('CREATE TABLE accounts (id int PRIMARY KEY, balance int); INSERT INTO accounts VALUES (1, 100), (2, 200)');
  await setup.end();
  target = server.target('watched');
  hub = new AnalyticsHub({ resolve: () => target, openMonitor, appSessions: () => 0 });
});
after(async () => {
  await hub?.closeAll();
  await admin?.end();
  await server?.stop();
});

test('the snapshot has the documented shape, rates from the second one on, and history on the next subscribe', async () => {
  const watcher = new RecordingSubscriber(1);
  const { unsubscribe } = await hub.subscribe(ID, watcher);
  const first = await watcher.next();
  const second = await watcher.next((s) => s !== first);
  await unsubscribe();
  AnalyticsSnapshot.parse(second);
  assert.equal(first.rates, null);
  assert.ok(second.rates && second.rates.tps >= 0);
  assert.ok(second.databaseBytes! > 1_000_000, `size ${second.databaseBytes}`);
  assert.ok(second.connections.max! >= 10);
  assert.ok(second.cacheHitRatio! > 0 && second.cacheHitRatio! <= 1);
  assert.equal(typeof second.deadlocks, 'number');
  // The test server has no pg_stat_statements: the snapshot says how to enable it.
  assert.deepEqual(second.topStatements.statements, []);
  assert.match(second.topStatements.note!, /shared_preload_libraries = 'pg_stat_statements'.*CREATE EXTENSION pg_stat_statements/);
  const self = second.queries.filter((q) => q.self);
  assert.equal(self.length, 1);
  assert.equal(self[0]!.application, 'DB Toolkit analytics');
  assert.ok(second.sessions.some((s) => s.state === 'active'));
  const again = await hub.subscribe(ID, new RecordingSubscriber(1));
  assert.ok(again.history.length >= 2);
  await again.unsubscribe();
});

test('a waiter on a row lock is listed with its blocker chain, and cancel stops it', async () => {
  const holder = await client();
  const waiter = await client();
  const holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const waiterPid = (await waiter.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  await holder.query('BEGIN; UPDATE accounts SET balance = balance + 1 WHERE id = 1');
  const waiting = waiter.query('UPDATE accounts SET balance = balance - 1 WHERE id = 1').then(() => 'done', (e: Error) => e.message);

  const watcher = new RecordingSubscriber(1);
  const { unsubscribe } = await hub.subscribe(ID, watcher);
  const seen = await watcher.next((s) => s.blocked.some((b) => b.pid === waiterPid));
  assert.deepEqual(seen.blocked.find((b) => b.pid === waiterPid)!.chain, [holderPid]);
  const row = seen.queries.find((q) => q.pid === waiterPid)!;
  assert.deepEqual(row.blockedBy, [holderPid]);
  assert.match(row.waitEvent!, /^Lock/);
  assert.match(row.text!, /UPDATE accounts/);
  assert.equal(seen.queries.find((q) => q.pid === holderPid)!.state, 'idle in transaction');

  await hub.act(ID, 'cancel', waiterPid, row.queryKey!);
  assert.match(await waiting, /cancel/i);
  await watcher.next((s) => !s.blocked.some((b) => b.pid === waiterPid));
  await unsubscribe();
  await holder.query('ROLLBACK');
  await Promise.all([holder.end(), waiter.end()]);
});

test('a stale key, the monitoring session and an unknown pid are refused with typed errors; terminate ends a session', async () => {
  const victim = await client();
  const victimPid = (await victim.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const watcher = new RecordingSubscriber(1);
  const { unsubscribe } = await hub.subscribe(ID, watcher);
  const before = await watcher.next((s) => s.queries.some((q) => q.pid === victimPid));
  const oldKey = before.queries.find((q) => q.pid === victimPid)!.queryKey!;
  // A later statement: the old key no longer names what the session runs.
  await victim.query('SELECT 1');
  await assert.rejects(hub.act(ID, 'terminate', victimPid, oldKey), (e: AppError) => e.code === 'stale_query');
  await assert.rejects(hub.act(ID, 'terminate', victimPid, 'not a time'), (e: AppError) => e.code === 'stale_query');
  const self = before.queries.find((q) => q.self)!;
  await assert.rejects(hub.act(ID, 'terminate', self.pid, self.queryKey!), (e: AppError) => e.code === 'protected_session');

  const now = await watcher.next((s) => s.queries.some((q) => q.pid === victimPid && q.queryKey !== oldKey));
  await hub.act(ID, 'terminate', victimPid, now.queries.find((q) => q.pid === victimPid)!.queryKey!);
  await until(async () => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [victimPid])).rowCount === 0);
  await unsubscribe();
  await victim.end().catch(() => {});
});

test('queries over the subscriber threshold are flagged long', async () => {
  const sleeper = await client();
  const sleeperPid = (await sleeper.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const sleeping = sleeper.query('SELECT pg_sleep(3)');
  const strict = new RecordingSubscriber(1, 1);
  const lax = new RecordingSubscriber(1, 60);
  const a = await hub.subscribe(ID, strict);
  const b = await hub.subscribe(ID, lax);
  const flagged = await strict.next((s) => s.queries.some((q) => q.pid === sleeperPid && q.long));
  assert.ok(flagged.queries.find((q) => q.pid === sleeperPid)!.durationSeconds! >= 1);
  assert.ok(lax.snapshots.every((s) => !s.queries.some((q) => q.long)));
  await Promise.all([a.unsubscribe(), b.unsubscribe()]);
  await sleeping;
  await sleeper.end();
});

test('ten subscribers share one monitoring connection, closed when the last leaves', async () => {
  const watchers = Array.from({ length: 10 }, () => new RecordingSubscriber(1));
  const subscriptions = await Promise.all(watchers.map((w) => hub.subscribe(ID, w)));
  await Promise.all(watchers.map((w) => w.next()));
  assert.equal(await monitorConnections(), 1);
  await Promise.all(subscriptions.slice(1).map((s) => s.unsubscribe()));
  assert.equal(await monitorConnections(), 1);
  await subscriptions[0]!.unsubscribe();
  await until(async () => (await monitorConnections()) === 0);
});

test('table statistics: sizes with indexes and TOAST, rows, last analyze, scans, and an unused index until a scan uses it', async () => {
  const c = await client();
  try {
    await c.query(`CREATE TABLE big (id int PRIMARY KEY, v int, note text);
      CREATE INDEX big_v ON big (v);
      INSERT INTO big SELECT g, g % 100, repeat(md5(g::text), 200) FROM generate_series(1, 3000) g;
      ANALYZE big`);
    await c.query('SELECT pg_stat_force_next_flush()');
    const table = async () => (await readTableStatistics(target)).tables.find((t) => t.name === 'big');
    await until(async () => ((await table())?.rows ?? 0) >= 3000);
    const stats = TableStatistics.parse(await readTableStatistics(target));
    const big = stats.tables.find((t) => t.name === 'big')!;
    assert.equal(big.schema, 'public');
    assert.equal(big.rowsEstimated, true);
    assert.ok(big.tableBytes! > 0 && big.indexBytes! > 0 && big.toastBytes! > 0, JSON.stringify(big));
    assert.equal(big.totalBytes, big.tableBytes! + big.indexBytes! + big.toastBytes!);
    assert.match(big.lastAnalyze!, /^\d{4}-\d\d-\d\dT/);
    assert.equal(stats.tables[0]!.name, 'big', 'largest first');
    assert.deepEqual(stats.unusedIndexes!.filter((i) => i.table === 'big').map((i) => i.name), ['big_v'], 'the primary key is never listed');

    await c.query('SET enable_seqscan = off');
    await c.query('SELECT count(*) FROM big WHERE v = 5');
    await c.query('SELECT pg_stat_force_next_flush()'); // flushed when this statement ends, instead of up to 10 s later
    await until(async () => !(await readTableStatistics(target)).unusedIndexes!.some((i) => i.name === 'big_v'));
    assert.ok((await table())!.indexScans! >= 1);
  } finally {
    await c.end();
  }
});
