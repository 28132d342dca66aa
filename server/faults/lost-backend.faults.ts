// A tab's PostgreSQL backend killed, and PostgreSQL stopped and started again, through the
// built server: the user sees one error, the next run in the same tab works, and while
// PostgreSQL is down the connection's status says so (and comes back by itself).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { startServer, type ServerProcess } from '../testing/server-process.ts';
import type { TestSocket } from '../testing/ws-client.ts';
import { callJson, errorOf, figures, querySocket, rowsOf, run, until } from './fault-kit.ts';

let postgres: TestPostgres;
let server: ServerProcess;
let socket: TestSocket;
let connectionId: string;

before(async () => {
  postgres = await startPostgres();
  server = await startServer({ env: { DB_TOOLKIT_CONNECTION_CHECK_MS: '250' } });
  connectionId = (await callJson(server, 'POST', '/api/connections', {
    name: 'PG', password: postgres.password,
    settings: { engine: 'postgres', host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 3 },
  }, 201)).id;
  await callJson(server, 'POST', `/api/connections/${connectionId}/connect`);
  socket = await querySocket(server);
});
after(async () => {
  socket?.close();
  await server?.stop();
  await postgres?.stop();
});

const status = async () => (await callJson(server, 'GET', `/api/connections/${connectionId}`)) as { status: string; error?: string };

async function expectWorks(sessionId: string, times: number) {
  for (let i = 0; i < times; i++) {
    const messages = await run(socket, connectionId, sessionId, `SELECT ${i} AS n`);
    assert.equal(errorOf(messages), undefined, JSON.stringify(messages));
    assert.deepEqual(rowsOf(messages), [[String(i)]]);
  }
}

test('a killed backend costs one error; the next runs in that tab work', async () => {
  let errors = 0;
  for (let round = 0; round < 5; round++) {
    const [pid] = rowsOf(await run(socket, connectionId, 'tab-kill', 'SELECT pg_backend_pid()'))[0] as [string];
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [Number(pid)]);
    await admin.end();
    const failed = await run(socket, connectionId, 'tab-kill', 'SELECT 1');
    assert.match(String(errorOf(failed)?.message), /connection to the server was lost/i);
    errors++;
    await expectWorks('tab-kill', 3);
  }
  figures('lost-backend', { backendsKilled: 5, errorsShown: errors, runsAfterwardThatWorked: 15 });
});

test('PostgreSQL stopped: the connection shows down; started again: it shows connected and the tab works', async () => {
  await expectWorks('tab-restart', 1);
  assert.equal((await status()).status, 'connected');
  await postgres.halt();
  const down = await until(async () => {
    const s = await status();
    return s.status === 'error' ? s : undefined;
  }, 'the connection to show as down', 10_000);
  assert.ok(down.error, 'the status says why');
  const whileDown = await run(socket, connectionId, 'tab-restart', 'SELECT 1');
  assert.ok(errorOf(whileDown), 'a run while PostgreSQL is down fails with an error');
  await postgres.resume();
  await until(async () => ((await status()).status === 'connected' ? true : undefined), 'the connection to show as connected again', 10_000);
  // The tab's session may report the loss once, then works.
  const first = await run(socket, connectionId, 'tab-restart', 'SELECT 1');
  if (errorOf(first)) assert.match(String(errorOf(first)!.message), /connection to the server was lost/i);
  await expectWorks('tab-restart', 3);
});
