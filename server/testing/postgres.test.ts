// Proves the PostgreSQL fixture the database tests stand on: a real server that accepts
// the password it was given and refuses a wrong one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startPostgres, type TestPostgres } from './postgres.ts';

let postgres: TestPostgres;
before(async () => {
  postgres = await startPostgres();
});
after(() => postgres.stop());

test('a throwaway PostgreSQL answers SELECT 1 on its loopback port', async () => {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ one: number; version: string }>('SELECT 1 AS one, version() AS version');
    assert.equal(rows[0]!.one, 1);
    assert.match(rows[0]!.version, /^PostgreSQL \d+/);
  } finally {
    await client.end();
  }
});

test('it enforces passwords, so wrong-password handling can be tested against it', async () => {
  const client = new pg.Client({ host: postgres.host, port: postgres.port, user: 'postgres', password: 'wrong', database: 'postgres' });
  await assert.rejects(client.connect(), /password authentication failed/);
});
