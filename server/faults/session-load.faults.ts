// 50 concurrent result streams against the session caps, on PostgreSQL and on SQLite (whose
// sessions are processes): with the defaults (12 per window, 24 per server) exactly 24
// streams run — each delivers every row — the other 26 are refused with too_many_sessions,
// no more sessions exist than the cap, and the peak memory of the server and its children
// is measured and printed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { childPids } from '../testing/processes.ts';
import { startServer, type ServerProcess } from '../testing/server-process.ts';
import { callJson, figures } from './fault-kit.ts';

const SOCKETS = 5;
const TABS_PER_SOCKET = 10;
const CAP = 24;

let postgres: TestPostgres;
let server: ServerProcess;
before(async () => {
  postgres = await startPostgres();
  server = await startServer();
});
after(async () => {
  await server?.stop();
  await postgres?.stop();
});

/** Resident memory of a process and its descendants, in MB (Linux /proc). */
function treeRssMb(pid: number): number {
  let kb = 0;
  try {
    kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
  return kb / 1024 + childPids(pid).reduce((sum, child) => sum + treeRssMb(child), 0);
}

const serverPeakMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) / 1024;

interface Outcome {
  rows: number;
  done: boolean;
  error?: string;
}

/** One socket running a query in each of its tabs at once; counts rows without keeping them. */
function streamFromSocket(connectionId: string, sql: string): Promise<Outcome[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws/query`, { headers: { Authorization: `Bearer ${server.token}` } });
    const outcomes: Outcome[] = Array.from({ length: TABS_PER_SOCKET }, () => ({ rows: 0, done: false }));
    let finished = 0;
    const finish = (i: number) => {
      if (++finished === TABS_PER_SOCKET) {
        ws.close();
        resolve(outcomes);
      }
      void i;
    };
    ws.on('error', reject);
    ws.on('close', (code) => {
      if (finished < TABS_PER_SOCKET) reject(new Error(`the socket closed (${code}) with ${TABS_PER_SOCKET - finished} runs unfinished; server output:\n${server.stdoutLines.slice(-20).join('\n')}\n${server.stderr}`));
    });
    ws.on('open', () => {
      for (let i = 0; i < TABS_PER_SOCKET; i++) {
        ws.send(JSON.stringify({ type: 'run', id: `q${i}`, connectionId, sessionId: `tab-${i}`, sql, fetchRows: 100_000_000, batchSize: 1000 }));
      }
    });
    ws.on('message', (data, binary) => {
      const text = data.toString();
      const header = JSON.parse(binary ? text.slice(0, text.indexOf('\n')) : text) as { type: string; id?: string; count?: number; rows?: unknown[]; code?: string; message?: string };
      const i = Number(header.id?.slice(1));
      if (!Number.isInteger(i)) return;
      const outcome = outcomes[i]!;
      if (header.type === 'rows') outcome.rows += header.count ?? header.rows!.length;
      else if (header.type === 'query_error' || header.type === 'error') {
        outcome.error = header.type === 'error' ? String(header.code) : `query_error: ${header.message}`;
        if (header.type === 'error') finish(i);
      } else if (header.type === 'query_done') {
        outcome.done = true;
        finish(i);
      }
    });
  });
}

async function fiftyStreams(engine: string, connectionId: string, sql: string, expectedRows: number) {
  const baseline = treeRssMb(server.child.pid!);
  let peak = baseline;
  let peakSessions = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, treeRssMb(server.child.pid!));
  }, 50);
  const statusPoll = setInterval(() => {
    fetch(`${server.baseUrl}/status`)
      .then((r) => r.json() as Promise<{ checks: { querySessions: { detail: string } } }>)
      .then((status) => (peakSessions = Math.max(peakSessions, Number(status.checks.querySessions.detail.split(' ')[0]))))
      .catch(() => {}); // a failure shows in the streams themselves
  }, 100);
  const started = performance.now();
  const results = (await Promise.all(Array.from({ length: SOCKETS }, () => streamFromSocket(connectionId, sql)))).flat();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  clearInterval(statusPoll);

  const completed = results.filter((r) => r.done);
  const refused = results.filter((r) => r.error === 'too_many_sessions');
  assert.deepEqual(results.filter((r) => !r.done && r.error !== 'too_many_sessions'), [], 'every stream either completed or was refused by the cap');
  assert.equal(completed.length, CAP, `${CAP} streams ran`);
  assert.equal(refused.length, SOCKETS * TABS_PER_SOCKET - CAP);
  for (const r of completed) assert.equal(r.rows, expectedRows, 'each stream delivered every row');
  assert.ok(peakSessions <= CAP, `at most ${CAP} sessions open at once (saw ${peakSessions})`);
  figures(`session-load-${engine}`, {
    streams: SOCKETS * TABS_PER_SOCKET, completed: completed.length, refusedTooManySessions: refused.length, rowsPerStream: expectedRows,
    peakSessionsSeen: peakSessions, baselineTreeRssMb: Math.round(baseline), peakTreeRssMb: Math.round(peak), serverPeakRssMb: Math.round(serverPeakMb()), seconds: seconds.toFixed(1),
  });
  return { peak, baseline };
}

test('PostgreSQL: 50 concurrent 100,000-row streams against the caps', async () => {
  const id = (await callJson(server, 'POST', '/api/connections', {
    name: 'PG', password: postgres.password,
    settings: { engine: 'postgres', host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 10 },
  }, 201)).id as string;
  await fiftyStreams('postgres', id, 'SELECT g, md5(g::text) FROM generate_series(1, 100000) g', 100_000);
});

test('SQLite: 50 concurrent streams (each session a process) against the caps', async () => {
  const sampleId = (await callJson(server, 'GET', '/api/connections')).connections.find((c: { name: string }) => c.name === 'Sample database').id as string;
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the PostgreSQL test's sessions are closed with their sockets
  const { peak, baseline } = await fiftyStreams('sqlite', sampleId, 'SELECT o.*, c.* FROM orders o CROSS JOIN (SELECT 1 UNION ALL SELECT 2) c', 14_000);
  // 24 session processes of a few tens of MB each; the cap is what keeps this bounded.
  assert.ok(peak - baseline < CAP * 120, `peak growth ${Math.round(peak - baseline)} MB`);
});
