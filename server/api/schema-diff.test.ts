// The schema tools' REST routes against the real built server: a schema's model, a diff,
// save as migration — and a clear 4xx for bad input (a malformed body, an unknown
// connection, two engines, a bad migration name).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { readJson, startServer, tempHome, type ServerProcess } from '../testing/server-process.ts';

let pg: TestPostgres;
let server: ServerProcess;
const home = tempHome();
let sqliteId: string;
let otherId: string;
let pgId: string;

const post = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.baseUrl }, body: JSON.stringify(body) });

async function create(name: string, settings: unknown, password?: string): Promise<string> {
  const res = await server.fetch('/api/connections', post({ name, settings, password }));
  assert.equal(res.status, 201);
  return (await readJson(res)).id;
}

before(async () => {
  [pg, server] = await Promise.all([startPostgres(), startServer({ home })]);
  const file = join(home, 'other.db');
  const db = new Database(file);
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
  db.close();
  sqliteId = (await readJson(await server.fetch('/api/connections'))).connections.find((c: { name: string }) => c.name === 'Sample database').id;
  otherId = await create('Other', { engine: 'sqlite', file, readOnly: false });
  pgId = await create('PG', { engine: 'postgres', host: pg.host, port: pg.port, database: pg.database, user: pg.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 5 }, pg.password);
});
after(async () => {
  await server?.stop();
  await pg?.stop();
});

test('GET the model of a schema: its tables with columns and foreign keys', async () => {
  const model = await readJson(await server.fetch(`/api/connections/${sqliteId}/schemas/main/model`));
  assert.equal(model.engine, 'sqlite');
  const orders = model.tables.find((t: { name: string }) => t.name === 'orders');
  assert.ok(orders, JSON.stringify(model.tables.map((t: { name: string }) => t.name)));
  assert.ok(orders.foreignKeys.length > 0);
});

test('POST a diff: differences and scripts; drops skipped unless allowed', async () => {
  const res = await server.fetch('/api/schema-diff', post({ source: { connectionId: otherId, schema: 'main' }, target: { connectionId: sqliteId, schema: 'main' } }));
  assert.equal(res.status, 200);
  const diff = await readJson(res);
  assert.ok(diff.differences.some((d: { key: string; change: string }) => d.key === 'table:notes' && d.change === 'added'));
  assert.match(diff.up, /CREATE TABLE notes \(id INTEGER PRIMARY KEY, body TEXT\)/); // the source's own CREATE text
  assert.doesNotMatch(diff.up, /DROP TABLE/);
  assert.ok(diff.skipped.some((s: string) => s === 'DROP TABLE orders'));
});

test('bad input gets a clear 4xx', async () => {
  const bad = await server.fetch('/api/schema-diff', post({ source: { connectionId: otherId } }));
  assert.equal(bad.status, 400);
  assert.equal((await readJson(bad)).error.code, 'bad_message');
  const unknown = await server.fetch('/api/schema-diff', post({ source: { connectionId: 'nope', schema: 'main' }, target: { connectionId: sqliteId, schema: 'main' } }));
  assert.equal(unknown.status, 404);
  const engines = await server.fetch('/api/schema-diff', post({ source: { connectionId: pgId, schema: 'public' }, target: { connectionId: sqliteId, schema: 'main' } }));
  assert.equal(engines.status, 400);
  assert.match((await readJson(engines)).error.message, /source is PostgreSQL and the target SQLite/);
  const name = await server.fetch(`/api/connections/${sqliteId}/schema-diff/migration`, post({ name: '../escape', up: 'SELECT 1;', down: '' }));
  assert.equal(name.status, 400);
  assert.equal((await server.fetch('/api/connections/nope/schema-diff/migration', post({ name: 'x', up: 'SELECT 1;', down: '' }))).status, 404);
});

test('POST save as migration writes the pair into <home>/migrations/<connection>/', async () => {
  const res = await server.fetch(`/api/connections/${sqliteId}/schema-diff/migration`, post({ name: 'add_notes', up: 'CREATE TABLE notes (id INTEGER);', down: 'DROP TABLE notes;' }));
  assert.equal(res.status, 201);
  const saved = await readJson(res);
  assert.match(saved.version, /^\d{14}$/);
  assert.ok(existsSync(saved.upFile) && existsSync(saved.downFile));
  assert.deepEqual(readdirSync(join(home, 'migrations', sqliteId)).sort(), [`${saved.version}_add_notes.down.sql`, `${saved.version}_add_notes.up.sql`]);
});
