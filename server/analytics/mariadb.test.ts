// Analytics on a real MariaDB: an InnoDB row-lock waiter is shown with its blocker; cancel
// (KILL QUERY ID) and terminate work and are refused for the monitoring session and a stale
// key; subscribers share one monitoring connection (seen in the process list).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import mysql from 'mysql2/promise';
import type { ConnectTarget } from '../db/driver.ts';
import type { AppError } from '../errors.ts';
import { AnalyticsSnapshot, TableStatistics } from '../protocol/index.ts';
import { startMariadb, type TestMariadb } from '../testing/mariadb.ts';
import { AnalyticsHub } from './hub.ts';
import { openMonitor } from './monitors.ts';
import { readTableStatistics } from './table-statistics.ts';
import { RecordingSubscriber } from './test-subscriber.ts';

let server: TestMariadb;
let hub: AnalyticsHub;
let target: ConnectTarget;
const ID = 'maria1';
const client = async () => {
  const c = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database });
  c.on('error', () => {});
  return c;
};
const threadId = async (c: mysql.Connection) => Number(((await c.query('SELECT CONNECTION_ID() AS id'))[0] as { id: number }[])[0]!.id);

before(async () => {
  server = await startMariadb();
  const setup = await client();
  await setup.query('CREATE TABLE accounts (id int PRIMARY KEY, balance int) ENGINE=InnoDB');
  await setup.query('INSERT INTO accounts VALUES (1, 100), (2, 200)');
  await setup.end();
  target = {
    engine: 'mysql', host: server.host, port: server.port, user: server.user, password: server.password,
    database: server.database, ssl: { mode: 'disable' }, connectTimeoutSeconds: 10,
  };
  hub = new AnalyticsHub({ resolve: () => target, openMonitor, appSessions: () => 0 });
});
after(async () => {
  await hub?.closeAll();
  await server?.stop();
});

test('snapshot shape, and a row-lock waiter listed with its blocker, then cancelled', async () => {
  const holder = await client();
  const waiter = await client();
  const [holderId, waiterId] = [await threadId(holder), await threadId(waiter)];
  await holder.query('BEGIN');
  await holder.query('UPDATE accounts SET balance = balance + 1 WHERE id = 1');
  const waiting = waiter.query('UPDATE accounts SET balance = balance - 1 WHERE id = 1').then(() => 'done', (e: Error) => e.message);

  const watcher = new RecordingSubscriber(1);
  const { unsubscribe } = await hub.subscribe(ID, watcher);
  try {
    const seen = await watcher.next((s) => s.blocked.some((b) => b.pid === waiterId));
    AnalyticsSnapshot.parse(seen);
    assert.deepEqual(seen.blocked.find((b) => b.pid === waiterId)!.chain, [holderId]);
    const row = seen.queries.find((q) => q.pid === waiterId)!;
    assert.equal(row.waitEvent, 'InnoDB row lock');
    assert.match(row.text!, /UPDATE accounts/);
    assert.equal(seen.queries.find((q) => q.pid === holderId)!.state, 'idle in transaction');
    assert.ok(seen.connections.max! > 0 && seen.connections.current >= 3);
    assert.ok(seen.databaseBytes! > 0);
    assert.equal(seen.queries.filter((q) => q.self).length, 1);
    // Either the digests (performance_schema on) or how to turn it on.
    const top = seen.topStatements;
    assert.ok(top.statements.length > 0 || /performance_schema = ON/.test(top.note ?? ''), JSON.stringify(top));

    await hub.act(ID, 'cancel', waiterId, row.queryKey!);
    assert.match(await waiting, /interrupted/i);
    const later = await watcher.next((s) => !s.blocked.some((b) => b.pid === waiterId));
    assert.ok(later.rates && later.cacheHitRatio! > 0);
  } finally {
    await unsubscribe();
    await holder.query('ROLLBACK');
    await Promise.all([holder.end(), waiter.end()]);
  }
});

test('stale keys and the monitoring session are refused; terminate ends a session; ten subscribers are one connection', async () => {
  const victim = await client();
  const victimId = await threadId(victim);
  const watchers = Array.from({ length: 10 }, () => new RecordingSubscriber(1));
  const subscriptions = await Promise.all(watchers.map((w) => hub.subscribe(ID, w)));
  try {
    const seen = await watchers[0]!.next((s) => s.queries.some((q) => q.pid === victimId));
    const monitors = seen.queries.filter((q) => q.self);
    assert.equal(monitors.length, 1);
    const processes = (await victim.query("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND <> 'Daemon'"))[0] as { ID: number }[];
    // This session and one monitoring connection for all ten subscribers.
    assert.deepEqual(processes.map((p) => Number(p.ID)).sort(), [victimId, monitors[0]!.pid].sort());
    const oldKey = seen.queries.find((q) => q.pid === victimId)!.queryKey!;
    await victim.query('SELECT 1');
    await assert.rejects(hub.act(ID, 'terminate', victimId, oldKey), (e: AppError) => e.code === 'stale_query');
    await assert.rejects(hub.act(ID, 'cancel', monitors[0]!.pid, monitors[0]!.queryKey!), (e: AppError) => e.code === 'protected_session');
    const now = await watchers[0]!.next((s) => s.queries.some((q) => q.pid === victimId && q.queryKey !== oldKey));
    await hub.act(ID, 'terminate', victimId, now.queries.find((q) => q.pid === victimId)!.queryKey!);
    await assert.rejects(victim.query('SELECT 1'));
  } finally {
    await Promise.all(subscriptions.map((s) => s.unsubscribe()));
  }
  const observer = await client();
  const [rows] = await observer.query("SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND <> 'Daemon' AND ID <> CONNECTION_ID()");
  assert.equal(Number((rows as { n: number }[])[0]!.n), 0, 'the monitoring connection is closed once nobody watches');
  await observer.end();
});

test('table statistics: sizes and estimated rows; without performance_schema, no unused-index guess but how to enable it', async () => {
  const setup = await client();
  await setup.query('CREATE TABLE sized (id int PRIMARY KEY, v int, note text, KEY sized_v (v)) ENGINE=InnoDB');
  await setup.query('INSERT INTO sized SELECT seq, seq % 100, repeat(md5(seq), 20) FROM seq_1_to_3000');
  await setup.query('ANALYZE TABLE sized');
  await setup.end();
  const stats = TableStatistics.parse(await readTableStatistics(target));
  const sized = stats.tables.find((t) => t.name === 'sized')!;
  assert.equal(sized.schema, server.database);
  assert.equal(sized.rowsEstimated, true);
  assert.ok(sized.rows! > 1000, `rows ${sized.rows}`);
  assert.ok(sized.tableBytes! > 0 && sized.indexBytes! > 0);
  assert.equal(sized.totalBytes, sized.tableBytes! + sized.indexBytes!);
  assert.equal(sized.deadRows, null, 'InnoDB keeps no dead-row count; none is made up');
  assert.equal(stats.unusedIndexes, null);
  assert.match(stats.note!, /performance_schema = ON/);
});
