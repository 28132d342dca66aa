// Jobs through the real built server: a job running a real child process is followed on
// /ws/app (every window's feed), cancelled from there, ends cancelled with its whole
// process group gone, and stays listed — for a new window and after a restart. A server
// killed mid-job leaves the job interrupted and its processes stopped after the next start.
// Jobs are started through /ws/test-jobs, which exists only with DB_TOOLKIT_TEST_JOBS=1.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { processAlive, waitUntilGone } from '../testing/processes.ts';
import { startServer, tempHome, type ServerProcess } from '../testing/server-process.ts';
import { connect, TestSocket, type Received } from '../testing/ws-client.ts';

const TEST_JOBS = { DB_TOOLKIT_TEST_JOBS: '1' };
const auth = (server: ServerProcess) => ({ headers: { Authorization: `Bearer ${server.token}` } });
const leftovers: number[] = [];
after(() => {
  for (const pid of leftovers) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
});

async function open(server: ServerProcess, path: string): Promise<TestSocket> {
  const socket = await connect(server.port, path, auth(server));
  await socket.next((m) => m.type === 'jobs');
  return socket;
}

let requests = 0;
async function startTestJob(socket: TestSocket, options: { steps: number; stepMs: number; connectionId?: string; exitCode?: number }): Promise<Received & { job: { id: string; state: string } }> {
  const id = `start-${++requests}`;
  socket.sendJson({ type: 'start_test_job', id, connectionId: null, ...options });
  const reply = await socket.reply(id);
  assert.equal(reply.type, 'job', JSON.stringify(reply));
  return reply as Received & { job: { id: string; state: string } };
}

/** The pids the test job logged: its child (leader of the group) and the grandchild. */
async function processesOf(socket: TestSocket, jobId: string): Promise<{ child: number; grandchild: number }> {
  const texts = () => socket.messages.filter((m) => m.type === 'job_log' && m.jobId === jobId).flatMap((m) => (m.lines as { text: string }[]).map((l) => l.text));
  await socket.next(() => texts().some((t) => t.startsWith('grandchild ')), 10_000);
  const pid = (prefix: string) => Number(texts().find((t) => t.startsWith(prefix))!.slice(prefix.length));
  const found = { child: pid('child '), grandchild: pid('grandchild ') };
  leftovers.push(found.child, found.grandchild);
  return found;
}

interface ListedJob {
  id: string;
  state: string;
  title: string;
  error: { message: string } | null;
}
/** The job as the `jobs` message sent on open lists it. */
const listed = (socket: TestSocket, jobId: string) => (socket.messages.find((m) => m.type === 'jobs')!.jobs as ListedJob[]).find((j) => j.id === jobId);

const jobUpdate = (jobId: string, match: (job: Record<string, unknown>) => boolean) => (m: Received) => m.type === 'job' && (m.job as { id: string }).id === jobId && match(m.job as Record<string, unknown>);

describe('a job with a real child process, cancelled from /ws/app', () => {
  const home = tempHome();
  let server: ServerProcess;
  before(async () => {
    server = await startServer({ home, env: TEST_JOBS });
  });
  after(async () => {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  });

  test('progress reaches every window, cancel stops the process group, the outcome stays listed across a restart', async () => {
    const app = await open(server, '/ws/app');
    const tests = await open(server, '/ws/test-jobs');
    const { job } = await startTestJob(tests, { steps: 10_000, stepMs: 20 });
    assert.equal(job.state, 'running');
    const pids = await processesOf(tests, job.id);
    assert.ok(processAlive(pids.child) && processAlive(pids.grandchild));

    // Progress on the app-wide feed: counted steps, a measured rate and an ETA.
    const moving = await app.next(jobUpdate(job.id, (j) => {
      const progress = j.progress as { done: number; rate: number | null; etaSeconds: number | null } | null;
      return !!progress && progress.done > 20 && progress.rate !== null && progress.etaSeconds !== null;
    }), 10_000);
    assert.equal((moving.job as { progress: { unit: string; total: number } }).progress.total, 10_000);
    assert.equal(app.messages.some((m) => m.type === 'job_log'), false, '/ws/app carries no log lines');

    app.sendJson({ type: 'cancel_job', id: 'c1', jobId: job.id });
    const reply = await app.reply('c1');
    assert.equal((reply.job as { cancelRequested: boolean }).cancelRequested, true);
    const ended = await app.next(jobUpdate(job.id, (j) => j.state !== 'running'), 10_000);
    assert.equal((ended.job as { state: string }).state, 'cancelled');
    assert.equal(await waitUntilGone(pids.child, 3000), true, 'the child still runs');
    assert.equal(await waitUntilGone(pids.grandchild, 3000), true, 'the grandchild (which ignores SIGTERM) still runs');
    await tests.next(jobUpdate(job.id, (j) => j.state === 'cancelled'));

    // A window opened now (a reloaded page) sees the outcome.
    const reloaded = await open(server, '/ws/app');
    assert.equal(listed(reloaded, job.id)?.state, 'cancelled');
    for (const socket of [app, tests, reloaded]) socket.close();

    await server.stop();
    server = await startServer({ home, env: TEST_JOBS });
    const afterRestart = await open(server, '/ws/app');
    const kept = listed(afterRestart, job.id);
    assert.deepEqual([kept?.state, kept?.title], ['cancelled', 'Test job (10000 steps)']);
    afterRestart.close();
  });

  test('a second job on the same connection waits as queued, and runs when the first is cancelled', async () => {
    const tests = await open(server, '/ws/test-jobs');
    const first = await startTestJob(tests, { steps: 10_000, stepMs: 20, connectionId: 'c-1' });
    const second = await startTestJob(tests, { steps: 2, stepMs: 10, connectionId: 'c-1' });
    assert.deepEqual(second.job, { ...second.job, state: 'queued', queuePosition: 1, waitingFor: 'connection' });
    tests.sendJson({ type: 'cancel_job', id: 'c2', jobId: first.job.id });
    const done = await tests.next(jobUpdate(second.job.id, (j) => j.state === 'succeeded'), 10_000);
    assert.deepEqual((done.job as { result: unknown }).result, { summary: '2 steps done', data: { steps: 2 } });
    tests.sendJson({ type: 'get_job_log', id: 'l1', jobId: second.job.id });
    const log = await tests.reply('l1');
    assert.ok((log.lines as { text: string }[]).some((l) => l.text === 'test job: 2 steps of 10 ms'), 'stderr is in the log');
    tests.close();
  });

  test('a failing child fails the job with its exit status and last stderr line', async () => {
    const tests = await open(server, '/ws/test-jobs');
    const { job } = await startTestJob(tests, { steps: 1, stepMs: 0, exitCode: 3 });
    const failed = await tests.next(jobUpdate(job.id, (j) => j.state === 'failed'), 10_000);
    assert.deepEqual((failed.job as { error: unknown }).error, { code: 'process_failed', message: 'test script exited with status 3: test job: 1 steps of 0 ms' });
    tests.close();
  });

  test('bad requests get typed errors, and test jobs start only on their own endpoint', async () => {
    const app = await open(server, '/ws/app');
    app.sendJson({ type: 'cancel_job', id: 'x1', jobId: 'no-such-job' });
    assert.deepEqual(await app.reply('x1'), { type: 'error', id: 'x1', code: 'not_found', message: 'No job "no-such-job" (it may have been removed from the recent list).' });
    app.sendJson({ type: 'cancel_job', id: 'x2' });
    const bad = await app.reply('x2');
    assert.equal(bad.code, 'bad_message');
    assert.deepEqual(bad.issues, ['jobId: Invalid input: expected string, received undefined']);
    app.sendJson({ type: 'start_test_job', id: 'x3', steps: 1, stepMs: 0 });
    assert.equal((await app.reply('x3')).code, 'unknown_type', 'test jobs start only on /ws/test-jobs');
    app.close();
  });
});

test('without DB_TOOLKIT_TEST_JOBS=1 the test endpoint does not exist', async () => {
  const server = await startServer();
  try {
    const socket = new TestSocket(`ws://127.0.0.1:${server.port}/ws/test-jobs`, auth(server));
    await assert.rejects(socket.opened(), /HTTP 404/);
  } finally {
    await server.stop();
  }
});

/** A server of its own in `home`, running a long test job. */
async function serverRunningAJob(home: string) {
  const server = await startServer({ home, env: TEST_JOBS });
  const tests = await open(server, '/ws/test-jobs');
  const { job } = await startTestJob(tests, { steps: 10_000, stepMs: 20 });
  return { server, job, pids: await processesOf(tests, job.id) };
}

/** The job as a newly opened /ws/app lists it, on a server started again in `home`. */
async function listedAfterRestart(home: string, jobId: string): Promise<ListedJob | undefined> {
  const server = await startServer({ home, env: TEST_JOBS });
  try {
    const app = await open(server, '/ws/app');
    app.close();
    return listed(app, jobId);
  } finally {
    await server.stop();
  }
}

test('a server killed mid-job: after the next start the job is interrupted and its processes are gone', async () => {
  const home = tempHome();
  try {
    const { server, job, pids } = await serverRunningAJob(home);
    server.child.kill('SIGKILL');
    await server.exited;
    assert.ok(processAlive(pids.grandchild), 'the job\'s processes outlive a killed server (own process group)');

    const after = await listedAfterRestart(home, job.id);
    assert.equal(after?.state, 'interrupted');
    assert.equal(after?.error?.message, 'The server stopped while this job was running; it did not finish.');
    assert.equal(await waitUntilGone(pids.child, 3000), true, 'the child was not stopped');
    assert.equal(await waitUntilGone(pids.grandchild, 3000), true, 'the grandchild was not stopped');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a server shut down mid-job marks it interrupted and stops its processes before exiting', async () => {
  const home = tempHome();
  try {
    const { server, job, pids } = await serverRunningAJob(home);
    assert.equal((await server.stop()).code, 0);
    assert.equal(await waitUntilGone(pids.child, 3000), true);
    assert.equal(await waitUntilGone(pids.grandchild, 3000), true);
    assert.equal((await listedAfterRestart(home, job.id))?.state, 'interrupted');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
