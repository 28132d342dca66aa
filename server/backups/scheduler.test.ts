// Schedules against a real SQLite database: a cron firing every second makes backups and
// the retention rule keeps the newest two; a run missed while the server was stopped runs
// once at the next start; a changed schedule survives a restart (schedules.json).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { JobManager } from '../jobs/job-manager.ts';
import { BackupScheduler } from './scheduler.ts';
import { BackupService } from './service.ts';
import { BackupStore } from './store.ts';

const log = pino({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'dbt-schedules-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dbFile = join(dir, 'app.db');
const db = new Database(dbFile);
db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a'), ('b')");
db.close();
const connections = { resolve: (id: string) => (id === 'app' ? { name: 'App', target: { engine: 'sqlite' as const, file: dbFile, readOnly: false } } : assert.fail('unknown')) };

function server(home: string) {
  const jobs = new JobManager({ log });
  const service = new BackupService({ store: new BackupStore(home), jobs, connections, log });
  const scheduler = new BackupScheduler({ home, service, jobs, connections, log });
  return { jobs, service, scheduler, stop: () => (scheduler.stop(), jobs.stop()) };
}

test('a schedule runs on its cron, keeps the newest two, and records each run', async (t) => {
  const home = join(dir, 'home1');
  const s = server(home);
  t.after(s.stop); // also when an assertion fails: a running scheduler would keep the test process alive
  s.scheduler.start();
  const view = s.scheduler.save(undefined, { connectionId: 'app', kind: 'full', cron: '* * * * * *', keepLast: 2, keepDays: null, verify: false, enabled: true, runMissed: true });
  assert.match(view.description, /every second/i);
  assert.equal(view.nextRuns.length, 5);
  // Each run is a real backup: on a loaded machine four of them take a while.
  const deadline = Date.now() + 60_000;
  while (s.scheduler.list()[0]!.runs.filter((r) => r.state === 'succeeded').length < 4 && Date.now() < deadline) await sleep(200);
  s.scheduler.save(view.id, { connectionId: 'app', kind: 'full', cron: '0 2 * * *', keepLast: 2, keepDays: null, verify: false, enabled: true, runMissed: true });
  await sleep(1500); // a run already started finishes
  const runs = s.scheduler.list()[0]!.runs;
  assert.ok(runs.filter((r) => r.state === 'succeeded').length >= 4, JSON.stringify(runs));
  assert.ok(runs.some((r) => r.deleted > 0), 'retention deleted something');
  assert.equal(s.service.list('app').length, 2);
});

test('a run missed while the server was stopped runs once at the next start', async (t) => {
  const home = join(dir, 'home2');
  let s = server(home);
  t.after(() => s.stop());
  s.scheduler.start();
  const view = s.scheduler.save(undefined, { connectionId: 'app', kind: 'full', cron: '0 2 * * *', keepLast: null, keepDays: null, verify: true, enabled: true, runMissed: true });
  s.stop();
  // The server was "closed" across 02:00: its last planned run is two days old.
  const file = join(home, 'backups', 'schedules.json');
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  saved.schedules[0].lastPlannedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
  writeFileSync(file, JSON.stringify(saved));
  s = server(home);
  s.scheduler.start();
  const deadline = Date.now() + 60_000;
  while (s.scheduler.list()[0]?.runs[0]?.state !== 'succeeded' && Date.now() < deadline) await sleep(200);
  const [run, ...older] = s.scheduler.list()[0]!.runs;
  assert.equal(run?.state, 'succeeded', run?.message);
  assert.equal(run?.catchUp, true);
  assert.match(run!.message, /full verify passed/);
  assert.equal(older.length, 0);
  assert.ok(s.service.get(run!.backupId!).verifiedAt);
  assert.equal(s.scheduler.list()[0]!.id, view.id);
});
