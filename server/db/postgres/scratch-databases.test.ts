// Scratch databases of full verifies against a real PostgreSQL: one left by a process
// that died is dropped; one whose process lives, or made on another machine, is kept.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { processIdentity } from '../../jobs/process-group.ts';
import { postgresWithClient } from '../../testing/postgres-client.ts';
import { createScratchDatabase, dropAbandonedScratchDatabases } from './scratch-databases.ts';

const { client } = postgresWithClient();

async function scratchWithOwner(name: string, owner: object): Promise<void> {
  await client().query(`CREATE DATABASE ${name}`);
  await client().query(`COMMENT ON DATABASE ${name} IS '${JSON.stringify({ dbToolkitVerify: owner })}'`);
}

test('only scratch databases of dead processes on this machine are dropped', async () => {
  const live = await createScratchDatabase(client());
  await scratchWithOwner('dbt_verify_dead', { host: hostname(), pid: 2 ** 22 + 17, identity: 'gone' });
  await scratchWithOwner('dbt_verify_elsewhere', { host: 'another-machine', pid: 1, identity: 'x' });
  await scratchWithOwner('dbt_verify_reused_pid', { host: hostname(), pid: process.pid, identity: `${processIdentity(process.pid)}-before` });
  const dropped = await dropAbandonedScratchDatabases(client(), 15);
  assert.deepEqual(dropped.sort(), ['dbt_verify_dead', 'dbt_verify_reused_pid']);
  const { rows } = await client().query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'dbt_verify_%' ORDER BY 1");
  assert.deepEqual(rows.map((r) => r.datname).sort(), [live, 'dbt_verify_elsewhere'].sort());
});
