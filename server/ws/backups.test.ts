// /ws/backups through the real built server: a backup started in one window shows its
// progress in another and ends listed as complete; the download is the archive; delete
// reaches every window; bad messages and a restore over a non-empty database get typed
// errors; and the server killed (kill -9) at random moments of a backup never leaves a
// backup that looks complete — after the next start nothing of it is listed or on disk —
// nor, during a restore into a new file, a file that looks restored.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { startServer, tempHome, type ServerProcess } from '../testing/server-process.ts';
import { connect, type Received, type TestSocket } from '../testing/ws-client.ts';

const auth = (server: ServerProcess) => ({ headers: { Authorization: `Bearer ${server.token}` } });

async function open(server: ServerProcess): Promise<TestSocket> {
  const socket = await connect(server.port, '/ws/backups', auth(server));
  await socket.next((m) => m.type === 'backups');
  await socket.next((m) => m.type === 'schedules');
  return socket;
}

async function addConnection(server: ServerProcess, name: string, file: string): Promise<string> {
  const response = await server.fetch('/api/connections', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, settings: { engine: 'sqlite', file, readOnly: false } }) });
  assert.equal(response.status, 201);
  return ((await response.json()) as { id: string }).id;
}

function bigDatabase(file: string, rows: number): void {
  const db = new Database(file);
  db.exec('CREATE TABLE big (id INTEGER PRIMARY KEY, payload TEXT)');
  db.prepare('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO big (payload) SELECT hex(randomblob(150)) FROM n').run(rows);
  db.close();
}

/** kill -9 moments per test (the bar: ten during a backup, ten during a restore). */
const KILL_ROUNDS = 10;

const jobOf = (jobId: string, match: (job: Record<string, unknown>) => boolean) => (m: Received) => m.type === 'job' && (m.job as { id: string }).id === jobId && match(m.job as Record<string, unknown>);

describe('/ws/backups', () => {
  const home = tempHome();
  let server: ServerProcess;
  let sampleId: string;
  before(async () => {
    server = await startServer({ home });
    const { connections } = (await (await server.fetch('/api/connections')).json()) as { connections: { id: string; name: string }[] };
    sampleId = connections[0]!.id;
  });
  after(async () => {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  });

  test('a backup started in one window: progress and the new backup reach every window; download; delete', async () => {
    const [a, b] = [await open(server), await open(server)];
    a.sendJson({ type: 'start_backup', id: 's1', connectionId: sampleId, kind: 'full' });
    const reply = await a.reply('s1');
    assert.equal(reply.type, 'job');
    const jobId = (reply.job as { id: string }).id;
    const done = await b.next(jobOf(jobId, (j) => j.state !== 'running' && j.state !== 'queued'), 20_000);
    assert.equal((done.job as { state: string }).state, 'succeeded', JSON.stringify(done.job));
    assert.ok(b.messages.some(jobOf(jobId, (j) => j.progress !== null)), 'progress reached the other window');
    assert.ok(b.messages.some((m) => m.type === 'job_log' && m.jobId === jobId), 'log lines are live on /ws/backups');
    const pushed = await b.next((m) => m.type === 'backup' && (m.backup as { verification: unknown }).verification !== null);
    const backup = pushed.backup as { id: string; sha256: string; size: number; verification: { ok: boolean } };
    assert.equal(backup.verification.ok, true);

    const download = await server.fetch(`/api/backups/${backup.id}/download`);
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-disposition') ?? '', /attachment; filename=".*\.sqlite\.zst"/);
    const bytes = Buffer.from(await download.arrayBuffer());
    assert.equal(bytes.length, backup.size);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), backup.sha256);
    assert.equal((await server.fetch('/api/backups/nope/download')).status, 404);

    a.sendJson({ type: 'delete_backup', id: 'd1', backupId: backup.id });
    assert.equal((await a.reply('d1')).type, 'backup_deleted');
    await b.next((m) => m.type === 'backup_deleted' && m.backupId === backup.id);
    a.close();
    b.close();
  });

  test('bad requests get typed errors; a restore over a database with tables needs its name', async () => {
    const socket = await open(server);
    socket.sendJson({ type: 'start_backup', id: 'x1', connectionId: sampleId, kind: 'nonsense' });
    assert.equal((await socket.reply('x1')).code, 'bad_message');
    socket.sendJson({ type: 'start_backup', id: 'x2', connectionId: sampleId, kind: 'data-only' });
    const dataOnly = await socket.reply('x2');
    assert.equal(dataOnly.code, 'bad_message');
    assert.match(dataOnly.message as string, /SQLite backups cannot be data-only/);
    socket.sendJson({ type: 'start_backup', id: 'x3', connectionId: 'missing', kind: 'full' });
    assert.equal((await socket.reply('x3')).code, 'not_found');
    socket.sendJson({ type: 'save_schedule', id: 'x4', schedule: { connectionId: sampleId, cron: 'every day' } });
    assert.equal((await socket.reply('x4')).code, 'bad_message');

    socket.sendJson({ type: 'start_backup', id: 'b1', connectionId: sampleId, kind: 'full' });
    const jobId = ((await socket.reply('b1')).job as { id: string }).id;
    const done = await socket.next(jobOf(jobId, (j) => j.state === 'succeeded'), 20_000);
    const backupId = ((done.job as { result: { data: { backupId: string } } }).result.data.backupId);
    socket.sendJson({ type: 'restore_backup', id: 'r1', backupId, target: { type: 'connection', connectionId: sampleId } });
    const refused = await socket.reply('r1');
    assert.equal(refused.code, 'confirmation_required');
    assert.match(refused.message as string, /type "sample\.db" to confirm/);
    socket.sendJson({ type: 'restore_backup', id: 'r2', backupId, target: { type: 'connection', connectionId: sampleId }, confirmName: 'sample.db' });
    const restore = await socket.reply('r2');
    const restored = await socket.next(jobOf((restore.job as { id: string }).id, (j) => j.state !== 'running' && j.state !== 'queued'), 20_000);
    assert.equal((restored.job as { state: string }).state, 'succeeded', JSON.stringify(restored.job));
    socket.close();
  });

  test('a schedule saved in one window reaches the others with its preview; it survives a restart', async () => {
    const [a, b] = [await open(server), await open(server)];
    a.sendJson({ type: 'save_schedule', id: 'sc1', schedule: { connectionId: sampleId, kind: 'full', cron: '15 3 * * 0', keepLast: 3 } });
    const reply = await a.reply('sc1');
    assert.equal(reply.type, 'schedules');
    const pushed = await b.next((m) => m.type === 'schedules' && (m.schedules as unknown[]).length === 1);
    const [schedule] = pushed.schedules as { id: string; description: string; nextRuns: string[]; keepLast: number; runMissed: boolean }[];
    assert.equal(schedule!.description, 'At 03:15, only on Sunday');
    assert.equal(schedule!.nextRuns.length, 5);
    assert.ok(schedule!.nextRuns.every((r) => new Date(r).getDay() === 0), 'every next run is a Sunday (server and test share the time zone)');
    assert.equal(schedule!.keepLast, 3);
    assert.equal(schedule!.runMissed, true);
    a.close();
    b.close();
    await server.stop();
    server = await startServer({ home });
    const reopened = await open(server);
    const listed = reopened.messages.find((m) => m.type === 'schedules')!.schedules as { id: string }[];
    assert.deepEqual(listed.map((s) => s.id), [schedule!.id]);
    reopened.sendJson({ type: 'delete_schedule', id: 'sc2', scheduleId: schedule!.id });
    assert.deepEqual((await reopened.reply('sc2')).schedules, []);
    reopened.close();
  });

  /**
   * Sends `request` (which starts a job), kills the server (kill -9) at a random moment
   * once the job reports progress, starts it again on the same home, and returns a new
   * window on it with what the jobs list says of that job.
   */
  async function killDuring(request: { type: string; id: string } & Record<string, unknown>) {
    const socket = await open(server);
    socket.sendJson(request);
    const jobId = ((await socket.reply(request.id)).job as { id: string }).id;
    await socket.next(jobOf(jobId, (j) => j.progress !== null), 10_000);
    await sleep(Math.floor(Math.random() * 1500));
    server.child.kill('SIGKILL');
    await server.exited;
    socket.close();
    server = await startServer({ home });
    const after = await open(server);
    const job = (after.messages.find((m) => m.type === 'jobs')!.jobs as { id: string; state: string; error: { message: string } | null }[]).find((j) => j.id === jobId);
    return { after, job };
  }

  test('kill -9 at random moments of a backup: nothing complete-looking is left, debris is gone after the restart', async () => {
    const file = join(home, 'big.db');
    bigDatabase(file, 300_000);
    const bigId = await addConnection(server, 'Big', file);
    const listedFor = (socket: TestSocket) => (socket.messages.find((m) => m.type === 'backups')!.backups as { connectionId: string }[]).filter((b) => b.connectionId === bigId);
    let complete = 0;
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const { after, job } = await killDuring({ type: 'start_backup', id: `k${round}`, connectionId: bigId, kind: 'full' });
      const state = job?.state;
      // Killed before the manifest was written: interrupted, and not listed. Killed after:
      // the backup is complete (listed, whole) although its quick verify was cut short.
      if (state !== 'interrupted' || listedFor(after).length > complete) complete++;
      assert.equal(listedFor(after).length, complete, `round ${round}: job ${state}`);
      const files = readdirSync(join(home, 'backups', bigId));
      assert.deepEqual(files.filter((n) => n.includes('.partial')), [], 'partial files are removed at start');
      assert.equal(files.filter((n) => n.endsWith('.json')).length, complete, 'every manifest on disk is a listed backup');
      assert.equal(files.length, complete * 2, 'no archive without its manifest');
      after.close();
    }
  });

  test('kill -9 at random moments of a restore into a new file: no file that looks restored, the job says so, its debris is removed', async () => {
    const source = join(home, 'restore-source.db');
    bigDatabase(source, 300_000);
    const sourceId = await addConnection(server, 'Restore source', source);
    const first = await open(server);
    first.sendJson({ type: 'start_backup', id: 'b', connectionId: sourceId, kind: 'full' });
    const backupJob = ((await first.reply('b')).job as { id: string }).id;
    const done = (await first.next(jobOf(backupJob, (j) => j.state !== 'running' && j.state !== 'queued'), 120_000)).job as { state: string; result: { data: { backupId: string } } };
    assert.equal(done.state, 'succeeded');
    first.close();
    const debris = (dest: string) => readdirSync(home).filter((n) => n.startsWith(`${basename(dest)}.partial`));
    let restored = 0;
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const dest = join(home, `restored-${round}.db`);
      const killed = await killDuring({ type: 'restore_backup', id: `r${round}`, backupId: done.result.data.backupId, target: { type: 'new-file', file: dest } });
      const { after } = killed;
      const job = killed.job!;
      if (job.state === 'succeeded') {
        // Killed after the rename: the restore is complete, and the file is the whole database.
        restored++;
        const db = new Database(dest, { readonly: true });
        assert.equal((db.prepare('SELECT count(*) AS n FROM big').get() as { n: number }).n, 300_000);
        db.close();
      } else {
        assert.equal(job.state, 'interrupted');
        assert.match(job.error!.message, new RegExp(`did not finish\\. Nothing was restored into ${dest.replaceAll('.', '\\.')}`));
        assert.equal(existsSync(dest), false, `round ${round}: an interrupted restore left ${dest}`);
      }
      assert.deepEqual(debris(dest), [], `round ${round}: the partial files are removed at the restart`);
      after.close();
    }
    console.log(`# ${KILL_ROUNDS - restored} restores interrupted, ${restored} completed before the kill`);
  });
});
