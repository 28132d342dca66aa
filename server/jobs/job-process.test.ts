// A job's child processes, for real: no shell, only the environment given, stderr into
// the log, failures worded, and cancel ending the whole process group — SIGTERM first,
// SIGKILL for what ignores it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { processAlive, waitUntilGone } from '../testing/processes.ts';
import { JobCancelledError } from './errors.ts';
import { spawnJobProcess, type JobProcessHooks } from './job-process.ts';

const NODE = process.execPath;
const leftovers: number[] = [];
after(() => {
  for (const pid of leftovers) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
});

function hooks(controller = new AbortController()) {
  const lines: string[] = [];
  const live = new Set<number>();
  const value: JobProcessHooks = {
    signal: controller.signal,
    log: (level, text) => lines.push(`${level}: ${text}`),
    started: (pid) => live.add(pid),
    ended: (pid) => live.delete(pid),
  };
  return { hooks: value, lines, live, controller };
}

/** A node script whose stdout lines are collected. */
async function runScript(script: string, args: string[] = [], env?: Record<string, string>) {
  const h = hooks();
  const child = spawnJobProcess({ command: NODE, args: ['-e', script, ...args], env }, h.hooks);
  await child.done;
  return h.lines;
}

test('the child gets only the base environment and what it is given, never the server secrets', async () => {
  process.env.DB_TOOLKIT_TOKEN = 'token-that-must-not-leak';
  process.env.SOME_OTHER_SECRET = 'also-not';
  try {
    const lines = await runScript('console.log(JSON.stringify(process.env))', [], { PGPASSWORD: 'for-the-tool' });
    const env = JSON.parse(lines[0]!.slice('info: '.length)) as Record<string, string>;
    assert.equal(env.PGPASSWORD, 'for-the-tool');
    assert.equal(env.PATH, process.env.PATH);
    assert.equal(env.DB_TOOLKIT_TOKEN, undefined);
    assert.equal(env.SOME_OTHER_SECRET, undefined);
  } finally {
    delete process.env.DB_TOOLKIT_TOKEN;
    delete process.env.SOME_OTHER_SECRET;
  }
});

test('arguments reach the program as they are: no shell expands them', async () => {
  const lines = await runScript('console.log(process.argv.slice(1).join("|"))', ['$(echo pwned)', '*', '; rm -rf /']);
  assert.deepEqual(lines, ['info: $(echo pwned)|*|; rm -rf /']);
});

test('stderr goes to the job log; a failure names the program, its status and its last words', async () => {
  const h = hooks();
  const child = spawnJobProcess({ command: NODE, args: ['-e', 'console.error("pg_dump: connecting\\npg_dump: error: permission denied for table t"); process.exit(1)'], label: 'pg_dump' }, h.hooks);
  await assert.rejects(child.done, { code: 'process_failed', message: 'pg_dump exited with status 1: pg_dump: error: permission denied for table t', exitCode: 1 });
  assert.deepEqual(h.lines, ['info: pg_dump: connecting', 'info: pg_dump: error: permission denied for table t']);
  assert.equal(h.live.size, 0);
});

test('a program that is not installed is a clear error', async () => {
  const h = hooks();
  const child = spawnJobProcess({ command: '/nonexistent/pg_dump', args: [] }, h.hooks);
  await assert.rejects(child.done, { code: 'process_failed', message: 'Could not start pg_dump: not found.' });
});

test('piped stdout is the caller\'s to read', async () => {
  const h = hooks();
  const child = spawnJobProcess({ command: NODE, args: ['-e', 'process.stdout.write("x".repeat(100000))'], stdout: 'pipe' }, h.hooks);
  let bytes = 0;
  child.stdout!.on('data', (chunk: Buffer) => (bytes += chunk.length));
  await child.done;
  assert.equal(bytes, 100_000);
  assert.deepEqual(h.lines, []);
});

// The leader prints its grandchild's pid; both ignore or honour SIGTERM as asked.
const TREE = `
const { spawn } = require('node:child_process');
const ignoreTerm = process.argv[1] === 'ignore';
const grandchild = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
if (ignoreTerm) process.on('SIGTERM', () => console.log('leader ignores SIGTERM'));
console.log(grandchild.pid);
setInterval(() => {}, 1000);
`;

async function startTree(ignoreTerm: boolean, killGraceMs: number) {
  const h = hooks();
  const child = spawnJobProcess({ command: NODE, args: ['-e', TREE, ignoreTerm ? 'ignore' : 'honour'], killGraceMs, label: 'tree' }, h.hooks);
  while (!h.lines.some((l) => /^info: \d+$/.test(l))) await new Promise((resolve) => setTimeout(resolve, 10));
  const grandchild = Number(h.lines.find((l) => /^info: \d+$/.test(l))!.slice(6));
  leftovers.push(child.pid, grandchild);
  return { child, grandchild, ...h };
}

test('cancel ends the whole process group, including a grandchild that ignores SIGTERM', async () => {
  const { child, grandchild, controller, live, lines } = await startTree(false, 5000);
  assert.ok(processAlive(child.pid) && processAlive(grandchild));
  assert.deepEqual([...live], [child.pid]);
  const started = Date.now();
  controller.abort(new JobCancelledError());
  await assert.rejects(child.done, JobCancelledError);
  assert.ok(Date.now() - started < 2500, 'the grandchild did not wait out the grace period: the leader exited, so the group got SIGKILL');
  assert.ok(await waitUntilGone(child.pid, 2000), 'leader still running');
  assert.ok(await waitUntilGone(grandchild, 2000), 'grandchild still running');
  assert.equal(live.size, 0);
  assert.ok(lines.includes(`warn: Stopping tree (process group ${child.pid}).`));
});

test('a leader that ignores SIGTERM gets SIGKILL after the grace period', async () => {
  const { child, grandchild, controller, lines } = await startTree(true, 300);
  const started = Date.now();
  controller.abort(new JobCancelledError());
  await assert.rejects(child.done, JobCancelledError);
  assert.ok(Date.now() - started >= 280, 'it waited for the grace period');
  assert.ok(await waitUntilGone(child.pid, 2000));
  assert.ok(await waitUntilGone(grandchild, 2000));
  assert.ok(lines.includes('info: leader ignores SIGTERM'));
});

test('a cancel that comes as the program ends by itself, successfully, leaves its work done', async () => {
  // A restore whose transaction committed is a restored database: saying "cancelled" would
  // tell the user the target was left as it was.
  const h = hooks();
  const child = spawnJobProcess({ command: NODE, args: ['-e', 'console.log("committed")'] }, h.hooks);
  // Block this thread while the program runs to its end, so the cancel is sent after it
  // exited but before its exit is seen here.
  const until = Date.now() + 20_000; // a slow machine starts Node slowly: the cancel must still come after the exit
  while (processRunning(child.pid) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  h.controller.abort(new JobCancelledError());
  await child.done;
  assert.ok(h.lines.includes('info: committed'));
});

test('a program that exits with a failure after the cancel ends as cancelled', async () => {
  const h = hooks();
  const child = spawnJobProcess({ command: NODE, args: ['-e', 'process.on("SIGTERM", () => process.exit(1)); setInterval(() => {}, 1000); console.log("up")'] }, h.hooks);
  while (!h.lines.includes('info: up')) await new Promise((resolve) => setTimeout(resolve, 20));
  h.controller.abort(new JobCancelledError());
  await assert.rejects(child.done, JobCancelledError);
});

/** Still running (a zombie — exited, not yet reaped — counts as ended). */
function processRunning(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

test('a job already cancelled starts no process', () => {
  const h = hooks();
  h.controller.abort(new JobCancelledError());
  assert.throws(() => spawnJobProcess({ command: NODE, args: ['-e', ''] }, h.hooks), JobCancelledError);
  assert.equal(h.live.size, 0);
});
