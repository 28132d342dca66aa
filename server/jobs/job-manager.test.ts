// The job primitive in-process: states and outcomes, cancel, the queue and its bounds,
// throttled pushes, the bounded log, and persistence across a restart (a new manager over
// the same home, as the next server would be).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { pino } from 'pino';
import { AppError } from '../errors.ts';
import type { JobSnapshot } from '../protocol/index.ts';
import { JobCancelledError } from './errors.ts';
import type { JobDefinition } from './job.ts';
import { MAX_LOG_LINES } from './job-log.ts';
import { JobManager, KEEP_FINISHED_JOBS, type JobEvent, type JobManagerOptions } from './job-manager.ts';
import { JobStore } from './job-store.ts';

const log = pino({ level: 'silent' });
const homes: string[] = [];
after(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

function newHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'dbt-jobs-'));
  homes.push(home);
  return home;
}

function manager(options: Partial<JobManagerOptions> = {}): JobManager {
  return new JobManager({ log, ...options });
}

/** Work that runs until `release` is called, or until cancelled (then it throws the reason). */
function held(connectionId: string | null = 'db1', title = 'held') {
  let release!: (summary: string) => void;
  const released = new Promise<string>((resolve) => (release = resolve));
  const definition: JobDefinition = {
    kind: 'backup',
    title,
    connectionId,
    async run(job) {
      const aborted = new Promise<never>((_, reject) => job.signal.addEventListener('abort', () => reject(job.signal.reason)));
      return Promise.race([released, aborted]);
    },
  };
  return { definition, release };
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('states and outcomes', () => {
  test('a job runs at once and keeps its outcome after it succeeds', async () => {
    const jobs = manager();
    const job = jobs.submit({ kind: 'verify', title: 'Verify', async run() {
      return { summary: '3 tables match', data: { tables: 3 } };
    } });
    assert.equal(job.state, 'running');
    assert.equal(job.kind, 'verify');
    assert.equal(job.connectionId, null);
    const done = await jobs.finished(job.id);
    assert.equal(done.state, 'succeeded');
    assert.deepEqual(done.result, { summary: '3 tables match', data: { tables: 3 } });
    assert.equal(done.error, null);
    assert.ok(done.startedAt && done.endedAt && done.endedAt >= done.startedAt);
    assert.deepEqual(jobs.list().map((j) => j.id), [job.id]);
  });

  test('a job that throws fails with the error worded for the user, secrets scrubbed', async () => {
    const jobs = manager({ scrub: (text) => text.replaceAll('hunter2', '[redacted]') });
    const worded = jobs.submit({ kind: 'import', title: 'Import', async run() {
      throw new AppError('bad_csv', 'Line 7 has 3 fields, expected 4.');
    } });
    const raw = jobs.submit({ kind: 'import', title: 'Import', async run(job) {
      job.log('connecting with password hunter2');
      throw new Error('ENOSPC: no space left on device (password hunter2)');
    } });
    assert.deepEqual((await jobs.finished(worded.id)).error, { code: 'bad_csv', message: 'Line 7 has 3 fields, expected 4.' });
    const failed = await jobs.finished(raw.id);
    assert.equal(failed.state, 'failed');
    assert.deepEqual(failed.error, { code: 'job_failed', message: 'ENOSPC: no space left on device (password [redacted])' });
    const text = jobs.logOf(raw.id).map((line) => line.text);
    assert.deepEqual(text, ['connecting with password [redacted]', 'ENOSPC: no space left on device (password [redacted])']);
  });

  test('cancel aborts the running work; the job ends cancelled once the work has stopped', async () => {
    const jobs = manager();
    let stopStatement = 0;
    const job = jobs.submit({ kind: 'migration', title: 'Migrate', async run(context) {
      context.onCancel(() => stopStatement++); // as a database statement would be cancelled
      await new Promise((_, reject) => context.signal.addEventListener('abort', () => setTimeout(() => reject(context.signal.reason), 50)));
      return 'unreachable';
    } });
    const asked = jobs.cancel(job.id);
    assert.equal(asked.state, 'running', 'still running until the work stops');
    assert.equal(asked.cancelRequested, true);
    const done = await jobs.finished(job.id);
    assert.equal(done.state, 'cancelled');
    assert.equal(stopStatement, 1);
    assert.equal(jobs.cancel(job.id).state, 'cancelled', 'cancelling a finished job changes nothing');
  });

  test('work that completes although cancel was asked ends succeeded: what it did is done', async () => {
    const jobs = manager();
    const stubborn = jobs.submit({ kind: 'backup', title: 'stubborn', async run() {
      await sleep(30); // ignores its signal
      return 'done';
    } });
    assert.equal(jobs.cancel(stubborn.id).cancelRequested, true);
    const done = await jobs.finished(stubborn.id);
    assert.deepEqual([done.state, done.result?.summary], ['succeeded', 'done']);
  });

  test('an unknown job is a clear not_found error', () => {
    const jobs = manager();
    assert.throws(() => jobs.cancel('nope'), (error: AppError) => error.code === 'not_found' && /No job "nope"/.test(error.message));
  });
});

describe('queue and bounds', () => {
  test('a second job on the same connection waits, visible as queued with its position', async () => {
    const jobs = manager();
    const first = held('db1', 'first');
    const second = held('db1', 'second');
    const third = held('db1', 'third');
    const a = jobs.submit(first.definition);
    const b = jobs.submit(second.definition);
    const c = jobs.submit(third.definition);
    assert.equal(a.state, 'running');
    assert.deepEqual([b.state, b.queuePosition, b.waitingFor], ['queued', 1, 'connection']);
    assert.deepEqual([c.queuePosition, c.waitingFor], [2, 'connection']);
    first.release('ok');
    await jobs.finished(a.id);
    await until(() => jobs.get(b.id).state === 'running');
    assert.deepEqual([jobs.get(c.id).queuePosition, jobs.get(c.id).waitingFor], [1, 'connection']);
    second.release('ok');
    third.release('ok');
    await jobs.finished(c.id);
  });

  test('a queued job cancelled never runs, and the ones behind it move up', async () => {
    const jobs = manager();
    const first = held('db1');
    let ran = false;
    const a = jobs.submit(first.definition);
    const b = jobs.submit({ kind: 'backup', title: 'b', connectionId: 'db1', async run() {
      ran = true;
      return 'ran';
    } });
    const c = jobs.submit(held('db1').definition);
    assert.equal(jobs.cancel(b.id).state, 'cancelled');
    assert.equal(jobs.get(c.id).queuePosition, 1);
    first.release('ok');
    await jobs.finished(a.id);
    await until(() => jobs.get(c.id).state === 'running');
    assert.equal(ran, false);
    jobs.cancel(c.id);
  });

  test('the global bound holds jobs of other connections, which wait for capacity', async () => {
    const jobs = manager({ limits: { perConnection: 1, global: 2 } });
    const one = held('db1');
    const running = [jobs.submit(one.definition), jobs.submit(held('db2').definition)];
    assert.deepEqual(running.map((j) => j.state), ['running', 'running']);
    const waiting = jobs.submit(held('db3').definition);
    const unbound = jobs.submit(held(null).definition);
    assert.deepEqual([waiting.state, waiting.waitingFor, unbound.queuePosition], ['queued', 'capacity', 2]);
    one.release('ok');
    await until(() => jobs.get(waiting.id).state === 'running');
    assert.equal(jobs.get(unbound.id).state, 'queued');
    for (const job of jobs.list()) jobs.cancel(job.id);
  });

  test('jobs without a connection are bounded only globally', () => {
    const jobs = manager({ limits: { perConnection: 1, global: 3 } });
    const states = [1, 2, 3].map(() => jobs.submit(held(null).definition).state);
    assert.deepEqual(states, ['running', 'running', 'running']);
    for (const job of jobs.list()) jobs.cancel(job.id);
  });
});

describe('pushes', () => {
  test('progress reported thousands of times reaches listeners a few times a second, and at least once a second', async () => {
    const jobs = manager();
    const events: { at: number; event: JobEvent }[] = [];
    jobs.subscribe((event) => events.push({ at: Date.now(), event }));
    const job = jobs.submit({ kind: 'backup', title: 'busy', async run(context) {
      const end = Date.now() + 1500;
      let done = 0;
      while (Date.now() < end) {
        context.progress({ done: ++done, total: 1e9 });
        if (done % 1000 === 0) await sleep(1);
      }
      await sleep(2200); // quiet: only the heartbeat pushes
      return 'ok';
    } });
    await jobs.finished(job.id);
    const running = events.filter((e) => e.event.job.state === 'running');
    const busy = running.filter((e) => e.at - running[0]!.at < 1500);
    assert.ok(busy.length >= 4 && busy.length <= 8, `${busy.length} pushes in 1.5 s of progress (250 ms apart at most: ≤ 7)`);
    for (let i = 1; i < running.length; i++) {
      const gap = running[i]!.at - running[i - 1]!.at;
      assert.ok(gap >= 240, `pushes ${gap} ms apart`);
      // 1 s plus timer slack on a machine shared with other test runs.
      assert.ok(gap <= 1300, `${gap} ms without a push while running`);
    }
    assert.equal(events.at(-1)!.event.job.state, 'succeeded');
    assert.equal(events.at(-1)!.event.important, true);
    assert.ok(running.at(-1)!.event.job.progress!.rate! > 0);
  });

  test('log lines ride along with the next push, once each', async () => {
    const jobs = manager();
    const lines: string[] = [];
    jobs.subscribe((event) => lines.push(...event.lines.map((l) => l.text)));
    const job = jobs.submit({ kind: 'migration', title: 'm', async run(context) {
      context.log('001_init.up.sql');
      context.log('002_users.up.sql\n003_orders.up.sql', 'warn');
      return 'ok';
    } });
    await jobs.finished(job.id);
    assert.deepEqual(lines, ['001_init.up.sql', '002_users.up.sql', '003_orders.up.sql']);
    assert.deepEqual(jobs.logOf(job.id, 1).map((l) => [l.seq, l.level]), [[2, 'warn'], [3, 'warn']]);
  });

  test('the log keeps its newest lines; sequence numbers show the gap', async () => {
    const jobs = manager();
    const job = jobs.submit({ kind: 'restore', title: 'verbose', async run(context) {
      for (let i = 1; i <= MAX_LOG_LINES + 100; i++) context.log(`line ${i}`);
      return 'ok';
    } });
    await jobs.finished(job.id);
    const kept = jobs.logOf(job.id);
    assert.equal(kept.length, MAX_LOG_LINES);
    assert.equal(kept[0]!.text, 'line 101');
    assert.equal(kept[0]!.seq, 101);
    assert.equal(jobs.get(job.id).logSeq, MAX_LOG_LINES + 100);
  });
});

describe('persistence', () => {
  test('outcomes and logs survive a restart; the file is written atomically', async () => {
    const home = newHome();
    const first = manager({ store: new JobStore(home) });
    const job = first.submit({ kind: 'backup', title: 'Nightly', connectionId: 'db1', async run(context) {
      context.log('dumped 3 tables');
      context.progress({ phase: 'Dumping', done: 3, total: 3, unit: 'tables' });
      return { summary: '3 tables', data: { file: 'x.dump' } };
    } });
    const ended = await first.finished(job.id);
    assert.deepEqual(readdirSync(join(home, 'jobs')), [`${job.id}.json`], 'no temporary file left');

    const second = manager({ store: new JobStore(home) });
    const [restored] = second.list();
    assert.deepEqual(restored, ended);
    assert.deepEqual(second.logOf(job.id).map((l) => l.text), ['dumped 3 tables']);
  });

  test('a job running when its server died is interrupted after the restart', async () => {
    const home = newHome();
    const crashed = manager({ store: new JobStore(home) }); // never stopped: as after kill -9
    const queuedToo = held('db1');
    const running = crashed.submit(held('db1').definition);
    const queued = crashed.submit(queuedToo.definition);

    const next = manager({ store: new JobStore(home) });
    const byId = new Map(next.list().map((j) => [j.id, j]));
    for (const [id, was] of [[running.id, 'running'], [queued.id, 'queued']] as const) {
      const job = byId.get(id)!;
      assert.equal(job.state, 'interrupted');
      assert.equal(job.queuePosition, null);
      assert.ok(job.endedAt);
      assert.equal(job.error?.message, `The server stopped while this job was ${was}; it did not finish.`);
    }
    crashed.stop();
  });

  test('a stopping server interrupts its jobs at once, aborts their work and refuses new ones', async () => {
    const home = newHome();
    const jobs = manager({ store: new JobStore(home) });
    let reason: unknown;
    const job = jobs.submit({ kind: 'import', title: 'i', async run(context) {
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      reason = context.signal.reason;
      return 'late';
    } });
    jobs.stop();
    assert.equal(jobs.get(job.id).state, 'interrupted');
    await sleep(10);
    assert.equal((reason as AppError).code, 'interrupted');
    assert.equal(jobs.get(job.id).state, 'interrupted', 'the late return changes nothing');
    assert.throws(() => jobs.submit(held().definition), /shutting down/);
    assert.equal(manager({ store: new JobStore(home) }).get(job.id).state, 'interrupted');
  });

  test(`only the newest ${KEEP_FINISHED_JOBS} finished jobs are kept, in memory and on disk`, async () => {
    const home = newHome();
    const jobs = manager({ store: new JobStore(home) });
    const ids: string[] = [];
    for (let i = 0; i < KEEP_FINISHED_JOBS + 5; i++) {
      const job = jobs.submit({ kind: 'verify', title: `v${i}`, async run() {
        return 'ok';
      } });
      ids.push(job.id);
      await jobs.finished(job.id);
    }
    assert.equal(jobs.list().length, KEEP_FINISHED_JOBS);
    assert.equal(readdirSync(join(home, 'jobs')).length, KEEP_FINISHED_JOBS);
    assert.ok(!jobs.list().some((j) => ids.slice(0, 5).includes(j.id)), 'the oldest went first');
  });
});

test('the cancel reason is a JobCancelledError', async () => {
  const jobs = manager();
  let reason: unknown;
  const job = jobs.submit({ kind: 'export', title: 'e', async run(context) {
    await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
    reason = context.signal.reason;
    throw reason;
  } });
  jobs.cancel(job.id);
  const done: JobSnapshot = await jobs.finished(job.id);
  assert.equal(done.state, 'cancelled');
  assert.ok(reason instanceof JobCancelledError);
});
