// The connections and schema-explorer REST API against the real built server, a real
// PostgreSQL and the generated sample SQLite database.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { readJson, startServer, tempHome, type ServerProcess } from '../testing/server-process.ts';

let pg: TestPostgres;
let server: ServerProcess;
const home = tempHome();

before(async () => {
  pg = await startPostgres();
  [server] = await Promise.all([startServer({ home })]);
});
after(async () => {
  await server?.stop();
  await pg?.stop();
});

const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.baseUrl }, body: JSON.stringify(body) });
const put = (body: unknown) => ({ ...json(body), method: 'PUT' });
const pgSettings = () => ({ engine: 'postgres', host: pg.host, port: pg.port, database: pg.database, user: pg.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 5 });

async function waitForStatus(id: string, status: string) {
  for (let i = 0; i < 100; i++) {
    const c = await readJson(await server.fetch(`/api/connections/${id}`));
    if (c.status === status) return c;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`connection ${id} never became ${status}`);
}

describe('first run', () => {
  test('a sample SQLite connection is saved and opened, and has tables to explore', async () => {
    const { connections, keyStorage } = await readJson(await server.fetch('/api/connections'));
    assert.deepEqual(keyStorage, { storage: 'key-file', path: join(home, 'secret.key') });
    const sample = connections.find((c: { name: string }) => c.name === 'Sample database');
    assert.ok(sample, JSON.stringify(connections));
    assert.equal(sample.settings.engine, 'sqlite');
    assert.equal(sample.settings.file, join(home, 'samples', 'sample.db'));
    const connected = await waitForStatus(sample.id, 'connected');
    assert.match(connected.serverVersion, /^SQLite 3\./);
    const { objects, total } = await readJson(await server.fetch(`/api/connections/${sample.id}/schemas/main/objects`));
    assert.ok(total >= 4, `only ${total} objects`);
    assert.ok(objects.filter((o: { kind: string }) => o.kind === 'table').every((o: { rowEstimate: number | null }) => o.rowEstimate !== null));
  });
});

describe('saved PostgreSQL connection', () => {
  let id: string;

  test('create: the response and the file never contain the password', async () => {
    const res = await server.fetch('/api/connections', json({ name: 'Local PG', settings: pgSettings(), password: pg.password }));
    assert.equal(res.status, 201);
    const text = await res.text();
    assert.ok(!text.includes(pg.password));
    const created = JSON.parse(text);
    assert.equal(created.hasPassword, true);
    assert.equal(created.status, 'disconnected');
    id = created.id;
    assert.ok(!readFileSync(join(home, 'connections.json'), 'utf8').includes(pg.password));
    assert.ok(!(await (await server.fetch('/api/connections')).text()).includes(pg.password));
  });

  test('test with the saved password, and with a wrong one (clear error, no password in it)', async () => {
    const ok = await readJson(await server.fetch('/api/connections/test', json({ id, settings: pgSettings() })));
    assert.equal(ok.ok, true);
    assert.match(ok.serverVersion, /^PostgreSQL \d+/);
    const bad = await server.fetch('/api/connections/test', json({ settings: pgSettings(), password: 'not-the-password' }));
    assert.equal(bad.status, 200, 'a failed test is an answer, not a failed request (no 502 in the console)');
    const body = await readJson(bad);
    assert.equal(body.ok, false);
    assert.equal(body.code, 'connect_failed');
    assert.match(body.message, /password authentication failed/i);
    assert.ok(!JSON.stringify(body).includes('not-the-password'));
  });

  test('connect, then browse schemas, objects, details, search and completion', async () => {
    const connected = await readJson(await server.fetch(`/api/connections/${id}/connect`, json({})));
    assert.equal(connected.status, 'connected');
    const run = (sql: string) => import('pg').then(async ({ default: pgLib }) => {
      const client = new pgLib.Client({ connectionString: pg.url });
      await client.connect();
      await client.query(sql);
      await client.end();
    });
    await run(`CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);
               CREATE TABLE books (id int PRIMARY KEY, author_id int REFERENCES authors(id), title text DEFAULT 'untitled');
               CREATE INDEX books_title ON books (title);
               CREATE VIEW book_titles AS SELECT title FROM books; ANALYZE;`);
    const { schemas } = await readJson(await server.fetch(`/api/connections/${id}/schemas`));
    assert.ok(schemas.some((s: { name: string }) => s.name === 'public'));
    const page = await readJson(await server.fetch(`/api/connections/${id}/schemas/public/objects?search=b`));
    assert.deepEqual(page.objects.map((o: { name: string; kind: string }) => `${o.name}:${o.kind}`), ['book_titles:view', 'books:table']);
    const books = await readJson(await server.fetch(`/api/connections/${id}/objects/public/books`));
    assert.deepEqual(books.columns.map((c: { name: string }) => c.name), ['id', 'author_id', 'title']);
    assert.equal(books.foreignKeys[0].referencedTable, 'authors');
    assert.ok(books.indexes.some((i: { name: string }) => i.name === 'books_title'));
    const found = await readJson(await server.fetch(`/api/connections/${id}/search?q=auth`));
    assert.deepEqual(found.objects.map((o: { name: string }) => o.name), ['authors']);
    const completion = await readJson(await server.fetch(`/api/connections/${id}/completion`));
    assert.deepEqual(completion.tables.find((t: { name: string }) => t.name === 'authors').columns, ['id', 'name']);
    const missing = await server.fetch(`/api/connections/${id}/objects/public/nope`);
    assert.equal(missing.status, 404);
  });

  test('bad input is answered with what was wrong', async () => {
    const res = await server.fetch('/api/connections', json({ name: '', settings: { engine: 'postgres', host: 'h' } }));
    assert.equal(res.status, 400);
    const body = await readJson(res);
    assert.ok(body.error.issues.some((i: string) => i.startsWith('name:')), JSON.stringify(body));
    assert.equal((await server.fetch(`/api/connections/${id}/schemas/public/objects?limit=0`)).status, 400);
    assert.equal((await server.fetch('/api/connections/nope')).status, 404);
    const notJson = await server.fetch('/api/connections', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.baseUrl }, body: '{' });
    assert.equal(notJson.status, 400);
  });

  test('edit keeps the saved password; parse-url fills settings', async () => {
    const edited = await readJson(await server.fetch(`/api/connections/${id}`, put({ name: 'Renamed PG', settings: pgSettings() })));
    assert.equal(edited.name, 'Renamed PG');
    assert.equal(edited.hasPassword, true);
    const parsed = await readJson(await server.fetch('/api/connections/parse-url', json({ url: `postgres://postgres:${pg.password}@127.0.0.1:${pg.port}/postgres?sslmode=disable` })));
    assert.equal(parsed.settings.port, pg.port);
    assert.equal(parsed.password, pg.password);
  });

  test('an open connection reconnects by itself after a server restart; a closed one does not', async () => {
    await server.stop();
    server = await startServer({ home });
    await waitForStatus(id, 'connected');
    await server.fetch(`/api/connections/${id}/disconnect`, json({}));
    await server.stop();
    server = await startServer({ home });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await readJson(await server.fetch(`/api/connections/${id}`))).status, 'disconnected');
  });

  test('delete', async () => {
    assert.equal((await server.fetch(`/api/connections/${id}`, { method: 'DELETE', headers: { Origin: server.baseUrl } })).status, 204);
    assert.equal((await server.fetch(`/api/connections/${id}`)).status, 404);
  });
});

describe('unreachable server', () => {
  test('connect fails within the timeout with a message naming host and port', async () => {
    const started = performance.now();
    const res = await server.fetch('/api/connections/test', json({ settings: { ...pgSettings(), port: 1, connectTimeoutSeconds: 3 }, password: 'x' }));
    assert.equal(res.status, 200);
    assert.match((await readJson(res)).message, /127\.0\.0\.1:1/);
    assert.ok(performance.now() - started < 4000);
  });
});
