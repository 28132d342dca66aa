// The activity log through the real built server: what a DBA reads back from
// GET /api/activity after statements, exports and connection tests — values and passwords
// kept out, the opt-in honoured, new entries pushed on /ws/logs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { readJson, startServer, type ServerProcess } from '../testing/server-process.ts';
import { connect, type TestSocket } from '../testing/ws-client.ts';

let pg: TestPostgres;
let server: ServerProcess;
let query: TestSocket;
let pgId: string;

const SECRET = 'card-4111-1111-1111-1111';

before(async () => {
  pg = await startPostgres();
  server = await startServer();
  query = await connect(server.port, '/ws/query', { headers: { Authorization: `Bearer ${server.token}` } }, (frame) => ({ type: 'binary', size: frame.length }));
});
after(async () => {
  query?.close();
  await server?.stop();
  await pg?.stop();
});

const send = (method: string, path: string, body?: unknown) =>
  server.fetch(path, { method, headers: { 'Content-Type': 'application/json', Origin: server.baseUrl }, body: body === undefined ? undefined : JSON.stringify(body) });
const pgSettings = () => ({ engine: 'postgres', host: pg.host, port: pg.port, database: pg.database, user: pg.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 5 });

let counter = 0;
async function run(sql: string) {
  const id = `a${++counter}`;
  query.sendJson({ type: 'run', id, connectionId: pgId, sessionId: 'tab-a', sql, confirmedDestructive: true });
  await query.next((m) => m.id === id && m.type === 'query_done', 20_000);
}
async function activity(params = '') {
  const res = await server.fetch(`/api/activity${params}`);
  assert.equal(res.status, 200);
  return { text: await res.clone().text(), page: await readJson(res) };
}

test('statements, exports and connection tests are recorded with their values kept out, and never a password', async () => {
  pgId = (await readJson(await send('POST', '/api/connections', { name: 'Audit PG', password: pg.password, settings: pgSettings() }))).id;
  assert.equal((await readJson(await send('POST', '/api/connections/test', { id: pgId, settings: pgSettings() }))).ok, true);
  const failed = await send('POST', '/api/connections/test', { settings: pgSettings(), password: `wrong-${pg.password}` });
  assert.equal(failed.status, 200);
  assert.equal((await readJson(failed)).ok, false);
  await send('POST', `/api/connections/${pgId}/connect`);

  await run(`CREATE TABLE cards (id int PRIMARY KEY, number text UNIQUE); INSERT INTO cards VALUES (1, '${SECRET}')`);
  await run(`INSERT INTO cards VALUES (2, '${SECRET}')`); // fails: the error quotes the value
  await run(`CREATE ROLE audit_role PASSWORD 'role-password-123'`);
  const exported = await send('POST', `/api/connections/${pgId}/export`, { sql: `SELECT * FROM cards WHERE number <> '${SECRET}x'`, format: 'csv' });
  assert.equal(exported.status, 200);
  await exported.text();

  const { text, page } = await activity(`?connection=${pgId}&limit=100`);
  for (const secret of [SECRET, pg.password, 'role-password-123']) assert.ok(!text.includes(secret), `${secret} is not in the activity log`);
  const texts = page.entries.map((e: { kind: string; text: string }) => `${e.kind}: ${e.text}`);
  assert.ok(texts.includes('statement: INSERT INTO cards VALUES (?, ?)'), texts.join('\n'));
  assert.ok(texts.includes('statement: CREATE ROLE audit_role PASSWORD ?'));
  assert.ok(texts.includes('export: SELECT * FROM cards WHERE number <> ?'));
  assert.ok(texts.some((t: string) => t.startsWith('connect: Connect PostgreSQL')));
  const duplicate = page.entries.find((e: { error: string | null }) => e.error?.includes('duplicate key'));
  assert.match(duplicate.error, /\(number\)=\(\?\)/, 'the value is taken out of the error too');
  assert.equal(duplicate.connectionName, 'Audit PG');
  assert.equal(page.entries.find((e: { kind: string }) => e.kind === 'export').rows, 1);

  const tests = (await activity('?kind=connection_test')).page.entries;
  assert.equal(tests.length, 2);
  assert.match(tests[0].error, /password authentication failed/i);
  assert.equal(tests[1].error, null);
  const errorsOnly = (await activity(`?connection=${pgId}&errors=true`)).page.entries;
  assert.ok(errorsOnly.length >= 1 && errorsOnly.every((e: { error: string | null }) => e.error));

  // Nothing on disk either (the database file and its WAL).
  await new Promise((r) => setTimeout(r, 200));
  for (const file of readdirSync(server.home).filter((f) => f.startsWith('activity.db'))) {
    const bytes = readFileSync(join(server.home, file)).toString('latin1');
    for (const secret of [SECRET, pg.password, 'role-password-123']) assert.ok(!bytes.includes(secret), `${secret} is not in ${file}`);
  }
});

test('with "record literal values" on, values are kept but a password still is not; new entries arrive live', async () => {
  assert.equal((await readJson(await server.fetch('/api/activity/settings'))).recordLiterals, false);
  assert.equal((await send('PUT', '/api/activity/settings', { recordLiterals: 'yes' })).status, 400);
  assert.deepEqual(await readJson(await send('PUT', '/api/activity/settings', { recordLiterals: true })), { recordLiterals: true });

  const logs = await connect(server.port, '/ws/logs', { headers: { Authorization: `Bearer ${server.token}` } });
  logs.sendJson({ type: 'subscribe_activity', id: 's1' });
  await new Promise((r) => setTimeout(r, 100));
  await run(`SELECT 'visible-value' AS v, 42; ALTER ROLE audit_role PASSWORD 'another-password-456'`);
  const pushed = await logs.next((m) => m.type === 'activity' && JSON.stringify(m).includes('visible-value'), 5000);
  logs.close();
  assert.ok(!JSON.stringify(pushed).includes('another-password-456'));

  const { text, page } = await activity(`?connection=${pgId}&q=audit_role`);
  assert.ok(!text.includes('another-password-456'));
  assert.equal(page.entries[0].text, 'ALTER ROLE audit_role PASSWORD ?');
  assert.equal((await activity('?q=visible-value')).page.entries[0].text, "SELECT 'visible-value' AS v, 42");
  await send('PUT', '/api/activity/settings', { recordLiterals: false });
});

test('bad filters are a 400 naming the field', async () => {
  const res = await server.fetch('/api/activity?kind=nope&limit=0');
  assert.equal(res.status, 400);
  assert.match(await res.text(), /kind[\s\S]*limit|limit[\s\S]*kind/);
});
