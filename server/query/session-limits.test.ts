// Query sessions are bounded, through the built server: a window gets at most 12, the
// server at most DB_TOOLKIT_MAX_SESSIONS, past which `run` is refused with a typed error
// (and a closed tab frees its place); a session idle longer than DB_TOOLKIT_SESSION_IDLE_MS
// is closed — its worker process ends — and the tab's next run works on a new session,
// with a note that the session state was lost.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { callJson, errorOf, querySocket, rowsOf, run, until } from '../faults/fault-kit.ts';
import { childPids } from '../testing/processes.ts';
import { readJson, startServer, type ServerProcess } from '../testing/server-process.ts';
import type { TestSocket } from '../testing/ws-client.ts';
import { SessionLimits } from './session-limits.ts';

let server: ServerProcess;
let sampleId: string;
const sockets: TestSocket[] = [];

async function useServer(env: Record<string, string>): Promise<void> {
  for (const socket of sockets.splice(0)) socket.close();
  await server?.stop();
  server = await startServer({ env });
  const { connections } = await callJson(server, 'GET', '/api/connections');
  sampleId = connections.find((c: { name: string }) => c.name === 'Sample database').id;
}

before(() => useServer({ DB_TOOLKIT_MAX_SESSIONS: '16' }));
after(async () => {
  for (const socket of sockets) socket.close();
  await server?.stop();
});

async function socket(): Promise<TestSocket> {
  const s = await querySocket(server);
  sockets.push(s);
  return s;
}

const sessionProcesses = () => childPids(server.child.pid!).filter((pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sqlite.worker');
  } catch {
    return false;
  }
}).length;

test('12 sessions per window, 16 per server (as configured); past that a typed error, and a closed tab frees its place', async () => {
  const first = await socket();
  for (let i = 0; i < 12; i++) assert.equal(errorOf(await run(first, sampleId, `tab-${i}`, 'SELECT 1')), undefined);
  const refused = errorOf(await run(first, sampleId, 'tab-12', 'SELECT 1'));
  assert.equal(refused?.type, 'error');
  assert.equal(refused?.code, 'too_many_sessions');
  assert.match(String(refused?.message), /12 query sessions/);
  assert.equal(sessionProcesses(), 12);

  first.sendJson({ type: 'close_session', id: 'c', sessionId: 'tab-0' });
  await until(() => (sessionProcesses() === 11 ? true : undefined), 'the closed session\'s process to end');
  assert.equal(errorOf(await run(first, sampleId, 'tab-12', 'SELECT 1')), undefined, 'a closed tab frees a place');

  const second = await socket();
  for (let i = 0; i < 4; i++) assert.equal(errorOf(await run(second, sampleId, `other-${i}`, 'SELECT 1')), undefined);
  const serverWide = errorOf(await run(second, sampleId, 'other-4', 'SELECT 1'));
  assert.equal(serverWide?.code, 'too_many_sessions');
  assert.match(String(serverWide?.message), /server already has 16/);
  assert.equal(sessionProcesses(), 16);
  const status = await readJson(await server.fetch('/status'));
  assert.match(status.checks.querySessions.detail, /^16 open of at most 16$/);

  first.close();
  second.close();
  await until(() => (sessionProcesses() === 0 ? true : undefined), 'every session process to end with its socket');
});

test('an idle session is closed; the tab\'s next run works on a new one and says the state was lost', async () => {
  await useServer({ DB_TOOLKIT_SESSION_IDLE_MS: '1000' });
  const s = await socket();
  assert.equal(errorOf(await run(s, sampleId, 'idle-tab', 'CREATE TEMP TABLE scratch (x integer)')), undefined);
  assert.equal(sessionProcesses(), 1);
  await until(() => (sessionProcesses() === 0 ? true : undefined), 'the idle session\'s process to end', 10_000);

  const again = await run(s, sampleId, 'idle-tab', 'SELECT count(*) FROM customers');
  const note = again.find((m) => m.type === 'session_reset');
  assert.ok(note, JSON.stringify(again));
  assert.match(String(note.message), /session state was lost/);
  assert.equal(errorOf(again), undefined);
  assert.equal(rowsOf(again).length, 1);
  assert.match(String(errorOf(await run(s, sampleId, 'idle-tab', 'SELECT * FROM scratch'))?.message), /no such table/);
  const third = await run(s, sampleId, 'idle-tab', 'SELECT 1');
  assert.equal(third.find((m) => m.type === 'session_reset'), undefined, 'only the first run after the reset carries the note');
});

test('sessions are also counted per connection (what SQLite analytics shows as the app\'s sessions on a file)', () => {
  const limits = new SessionLimits();
  limits.reserve(0, 'a');
  limits.reserve(1, 'a');
  limits.reserve(0, 'b');
  assert.deepEqual([limits.open, limits.openOn('a'), limits.openOn('b'), limits.openOn('c')], [3, 2, 1, 0]);
  limits.release('a');
  limits.release('b');
  assert.deepEqual([limits.open, limits.openOn('a'), limits.openOn('b')], [1, 1, 0]);
});
