// Shared by the fault-injection suite (server/faults/*.faults.ts, `npm run test:faults`):
// the built server's API and query socket as a user drives them, and a figures line each
// test prints so the run reports what was tried and what held.
import assert from 'node:assert/strict';
import { decodeRowBatch } from '../protocol/index.ts';
import { readJson, type ServerProcess } from '../testing/server-process.ts';
import { connect, type Received, type TestSocket } from '../testing/ws-client.ts';

/** JSON request with the token and this server's Origin (as the UI sends it). */
export function call(server: ServerProcess, method: string, path: string, body?: unknown): Promise<Response> {
  return server.fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', Origin: server.baseUrl },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export async function callJson(server: ServerProcess, method: string, path: string, body?: unknown, expectStatus = 200) {
  const res = await call(server, method, path, body);
  const json = await readJson(res);
  assert.equal(res.status, expectStatus, `${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

export function querySocket(server: ServerProcess): Promise<TestSocket> {
  return connect(server.port, '/ws/query', { headers: { Authorization: `Bearer ${server.token}` } }, (frame) => decodeRowBatch(frame.toString('utf8')) as unknown as Received);
}

let runs = 0;

/** Runs `sql` in a tab; resolves with every message of the run, ending with query_done or an error. */
export async function run(socket: TestSocket, connectionId: string, sessionId: string, sql: string, timeoutMs = 20_000): Promise<Received[]> {
  const id = `r${++runs}`;
  socket.sendJson({ type: 'run', id, connectionId, sessionId, sql, fetchRows: 100_000_000, confirmedDestructive: true });
  await socket.next((m) => m.id === id && (m.type === 'query_done' || m.type === 'error'), timeoutMs);
  return socket.messages.filter((m) => m.id === id);
}

/** The rows a run returned, as cell arrays. */
export function rowsOf(messages: Received[]): unknown[][] {
  return messages.filter((m) => m.type === 'rows').flatMap((m) => m.rows as unknown[][]);
}

export function errorOf(messages: Received[]): Received | undefined {
  return messages.find((m) => m.type === 'query_error' || m.type === 'error');
}

/** One line of figures, printed so the suite's output carries them. */
export function figures(name: string, values: Record<string, string | number>): void {
  console.log(`FIGURES ${name}: ${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}

export async function until<T>(find: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
