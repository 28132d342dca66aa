// Top statements on a PostgreSQL with pg_stat_statements preloaded and created: the
// statement that took the most time is listed first, with its calls.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { ConnectTarget } from '../db/driver.ts';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { AnalyticsHub } from './hub.ts';
import { openMonitor } from './monitors.ts';
import { RecordingSubscriber } from './test-subscriber.ts';

let server: TestPostgres;

before(async () => {
  server = await startPostgres({ preload: ['pg_stat_statements'] });
});
after(async () => {
  await server?.stop();
});

test('pg_stat_statements: the slowest statements, with calls and time', async () => {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await client.query('CREATE EXTENSION pg_stat_statements');
  for (let i = 0; i < 3; i++) await client.query('SELECT pg_sleep(0.1)');
  await client.end();
  const target: ConnectTarget = server.target();
  const hub = new AnalyticsHub({ resolve: () => target, openMonitor, appSessions: () => 0 });
  const watcher = new RecordingSubscriber(1);
  const { unsubscribe } = await hub.subscribe('pg', watcher);
  try {
    const { topStatements } = await watcher.next();
    assert.equal(topStatements.note, null);
    const top = topStatements.statements[0]!;
    assert.match(top.text, /pg_sleep/);
    assert.equal(top.calls, 3);
    assert.ok(top.totalMs >= 300 && top.meanMs >= 100, JSON.stringify(top));
  } finally {
    await unsubscribe();
  }
});
