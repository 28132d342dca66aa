// A tab's PostgreSQL backend that goes away — killed by pg_terminate_backend, or the whole
// server restarted — costs the user one error, whenever they run next; the run after it
// works on a new connection.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../../testing/postgres.ts';
import { collect } from '../../testing/query-results.ts';
import type { Driver } from '../driver.ts';
import { postgresFactory } from '../postgres.ts';

let server: TestPostgres;
let driver: Driver;

before(async () => {
  server = await startPostgres();
  driver = await postgresFactory.connect(server.target());
});
after(async () => {
  await driver?.close();
  await server?.stop();
});

async function terminate(pid: string): Promise<void> {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('SELECT pg_terminate_backend($1)', [Number(pid)]);
  await admin.end();
}

for (const wait of [0, 300]) {
  test(`a terminated backend: one error, then the next run works (next run ${wait} ms later)`, async () => {
    const session = await driver.openSession();
    const [[pid]] = (await collect(session, 'SELECT pg_backend_pid()')).rows as [[string]];
    await terminate(pid);
    if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
    await assert.rejects(collect(session, 'SELECT 1'), /connection to the server was lost|terminat/i);
    for (let i = 0; i < 5; i++) assert.deepEqual((await collect(session, `SELECT ${i}`)).rows, [[String(i)]]);
    await session.close();
  });
}

test('PostgreSQL restarted: one error, then the next run works', async () => {
  const session = await driver.openSession();
  assert.deepEqual((await collect(session, 'SELECT 1')).rows, [['1']]);
  await server.halt();
  await server.resume();
  await assert.rejects(collect(session, 'SELECT 1'), /connection to the server was lost|terminat/i);
  for (let i = 0; i < 5; i++) assert.deepEqual((await collect(session, `SELECT ${i}`)).rows, [[String(i)]]);
  await session.close();
});
