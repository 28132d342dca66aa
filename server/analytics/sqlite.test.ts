// Analytics on an SQLite file: the snapshot reports the file, WAL and free-page sizes and
// the page cache; there are no server sessions to act on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import type { AppError } from '../errors.ts';
import { AnalyticsSnapshot, TableStatistics } from '../protocol/index.ts';
import { AnalyticsHub } from './hub.ts';
import { openMonitor } from './monitors.ts';
import { readTableStatistics } from './table-statistics.ts';
import { RecordingSubscriber } from './test-subscriber.ts';

const dir = mkdtempSync(join(tmpdir(), 'dbt-analytics-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an SQLite snapshot has the shape and the file figures; actions are refused clearly', async () => {
  const file = join(dir, 'watched.db');
  const writer = new Database(file);
  writer.pragma('journal_mode = WAL');
  writer.exec('CREATE TABLE t (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t SELECT hex(randomblob(500)) FROM n');
  writer.exec('DELETE FROM t WHERE rowid > 1000');
  const hub = new AnalyticsHub({ resolve: () => ({ engine: 'sqlite', file, readOnly: false }), openMonitor, appSessions: (id) => (id === 'lite' ? 2 : 7) });
  const watcher = new RecordingSubscriber(1);
  const { unsubscribe } = await hub.subscribe('lite', watcher);
  try {
    const snapshot = AnalyticsSnapshot.parse(await watcher.next());
    assert.ok(Number(snapshot.details.walBytes) > 0, 'the WAL holds the writes');
    assert.equal(snapshot.databaseBytes, Number(snapshot.details.fileBytes) + Number(snapshot.details.walBytes));
    assert.equal(snapshot.details.journalMode, 'wal');
    assert.ok(Number(snapshot.details.pageCacheBytes) > 0);
    assert.equal(snapshot.connections.current, 2);
    assert.deepEqual(snapshot.queries, []);
    writer.pragma('wal_checkpoint(TRUNCATE)');
    const after = await watcher.next((s) => Number(s.details.freeBytes) > 0 && s.details.walBytes === 0);
    assert.ok(Number(after.details.fileBytes) > 500 * 1000);
    await assert.rejects(hub.act('lite', 'cancel', 1, '1'), (e: AppError) => e.code === 'not_supported');
  } finally {
    await unsubscribe();
    writer.close();
  }
});

test('a connection closed or edited ends its watchers with a typed error; subscribing again works', async () => {
  const file = join(dir, 'forgotten.db');
  new Database(file).exec('CREATE TABLE t (x)');
  const hub = new AnalyticsHub({ resolve: () => ({ engine: 'sqlite', file, readOnly: false }), openMonitor, appSessions: () => 0 });
  const watcher = new RecordingSubscriber(1);
  await hub.subscribe('lite', watcher);
  await watcher.next();
  await hub.forget('lite');
  assert.equal((watcher.errors[0] as AppError).code, 'connection_closed');
  const count = watcher.snapshots.length;
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(watcher.snapshots.length, count, 'no snapshots after the end');
  const again = new RecordingSubscriber(1);
  const { history, unsubscribe } = await hub.subscribe('lite', again);
  assert.ok(history.length >= 1, 'the hour of points is kept');
  await again.next();
  await unsubscribe();
});

test('SQLite table statistics: exact rows and the pages of each table and its indexes, largest first', async () => {
  const file = join(dir, 'stats.db');
  const db = new Database(file);
  db.exec(`CREATE TABLE small (id INTEGER PRIMARY KEY); INSERT INTO small VALUES (1), (2);
    CREATE TABLE "we""ird" (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX weird_v ON "we""ird" (v);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO "we""ird" SELECT i, hex(randomblob(100)) FROM n`);
  db.close();
  const stats = TableStatistics.parse(await readTableStatistics({ engine: 'sqlite', file, readOnly: true }));
  assert.deepEqual(stats.tables.map((t) => [t.name, t.rows, t.rowsEstimated]), [['we"ird', 3000, false], ['small', 2, false]]);
  const weird = stats.tables[0]!;
  assert.ok(weird.indexBytes! > 0 && weird.tableBytes! > 0);
  assert.equal(weird.totalBytes, weird.tableBytes! + weird.indexBytes!);
  assert.equal(weird.seqScans, null);
  assert.equal(stats.unusedIndexes, null);
  assert.match(stats.note!, /no scan/);
});
