import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../../testing/postgres.ts';
import { BUILT_IN_TYPES } from './built-in-types.ts';
import { TYPE_NAMES_SQL } from './types.ts';

let server: TestPostgres;
before(async () => (server = await startPostgres()));
after(async () => server?.stop());

test('every built-in type known in advance has the name the pg_type lookup gives', async () => {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ oid: number; name: string }>(TYPE_NAMES_SQL, [[...BUILT_IN_TYPES.keys()]]);
    const fromServer = new Map(rows.map((r) => [r.oid, r.name]));
    for (const [oid, name] of BUILT_IN_TYPES) assert.equal(fromServer.get(oid), name, `OID ${oid}`);
  } finally {
    await client.end();
  }
});
