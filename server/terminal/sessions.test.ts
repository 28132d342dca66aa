// The session registry with real pseudo-terminals: a session whose client went away is
// killed after the grace period unless reattached; closeAll leaves no process behind.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { pino } from 'pino';
import type { TerminalExit } from '../protocol/index.ts';
import { processAlive, waitUntilGone } from '../testing/processes.ts';
import { terminalEnvironment } from './environment.ts';
import type { OutputSink, SpawnSpec } from './session.ts';
import { TerminalSessions } from './sessions.ts';

const GRACE_MS = 300;
const sessions = new TerminalSessions({ log: pino({ level: 'silent' }), graceMs: GRACE_MS });
after(() => sessions.closeAll());

const SIZE = { cols: 80, rows: 24 };
const shell = (): SpawnSpec => ({ command: '/bin/sh', args: [], env: terminalEnvironment(process.env), cwd: '/', title: 'sh' });

/** A sink that collects output, as a socket would receive it. */
function collector() {
  const chunks: Buffer[] = [];
  const exits: TerminalExit[] = [];
  let detached = 0;
  const sink: OutputSink = {
    send: (chunk, written) => {
      chunks.push(chunk);
      setImmediate(written);
    },
    buffered: () => 0,
    exited: (exit) => exits.push(exit),
    detached: () => detached++,
  };
  return { sink, exits, text: () => Buffer.concat(chunks).toString(), detachedCount: () => detached };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('output reaches the attached sink; exit is reported once the process ends', async () => {
  const client = collector();
  const session = sessions.open(shell(), SIZE, client.sink);
  session.write('echo "out-$((2+3))"; exit 3\n');
  await until(() => client.exits.length > 0, 'exit');
  assert.match(client.text(), /out-5/);
  assert.deepEqual(client.exits, [{ exitCode: 3, signal: null }]);
  assert.deepEqual(sessions.list().find((s) => s.sessionId === session.id)?.exit, { exitCode: 3, signal: null });
  await sessions.close(session.id);
});

test('a detached session is killed when the grace period passes', async () => {
  const client = collector();
  const session = sessions.open(shell(), SIZE, client.sink);
  sessions.detach(session, client.sink);
  assert.ok(processAlive(session.pid));
  assert.ok(await waitUntilGone(session.pid, GRACE_MS + 3000), 'still running after the grace period');
  assert.ok(!sessions.list().some((s) => s.sessionId === session.id));
});

test('reattaching within the grace period keeps the session, with the output printed meanwhile', async () => {
  const first = collector();
  const session = sessions.open(shell(), SIZE, first.sink);
  sessions.detach(session, first.sink);
  session.write('echo "while-away-$((40+2))"\n');
  await new Promise((resolve) => setTimeout(resolve, GRACE_MS / 2));
  const second = collector();
  const { replay } = sessions.reattach(session.id, second.sink);
  await new Promise((resolve) => setTimeout(resolve, GRACE_MS * 2));
  assert.ok(processAlive(session.pid), 'killed although reattached');
  assert.match(replay.toString(), /while-away-42/);
  session.write('echo "back-$((1+1))"\n');
  await until(() => second.text().includes('back-2'), 'output after reattach');
  assert.equal(first.detachedCount(), 0, 'a sink that left on its own is not told it was detached');
  await sessions.close(session.id);
  assert.ok(!processAlive(session.pid));
});

test('a second client taking the session over detaches the first', async () => {
  const first = collector();
  const session = sessions.open(shell(), SIZE, first.sink);
  const second = collector();
  sessions.reattach(session.id, second.sink);
  assert.equal(first.detachedCount(), 1);
  await sessions.close(session.id);
});

test('closeAll kills every session, including one that ignores SIGHUP', async () => {
  const stubborn = collector();
  const ignoring = sessions.open(shell(), SIZE, stubborn.sink);
  ignoring.write("trap '' HUP; echo \"trapped-$((1))\"\n");
  await until(() => stubborn.text().includes('trapped-1'), 'trap set');
  const plain = sessions.open(shell(), SIZE, collector().sink);
  await sessions.closeAll();
  assert.equal(sessions.size, 0);
  for (const pid of [ignoring.pid, plain.pid]) assert.ok(await waitUntilGone(pid, 3000), `process ${pid} survived`);
});
