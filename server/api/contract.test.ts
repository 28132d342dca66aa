// Every route of the table against the real built server, called with the client the UI
// uses (which checks each answer against the route's response schema). Each answer must
// also be exactly what the schema describes — no field it would drop — so the table
// documents today's JSON shapes. A route of the table the server does not serve fails here.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createApiClient, routes, type JsonRoute, type RouteResponse } from '../protocol/index.ts';
import { readJson, startServer, type ServerProcess } from '../testing/server-process.ts';

let server: ServerProcess;
let api: ReturnType<typeof createApiClient>;
const scratch = mkdtempSync(join(tmpdir(), 'dbt-contract-'));
const answers: unknown[] = [];
const called = new Set<string>();

before(async () => {
  server = await startServer();
  api = createApiClient({
    baseUrl: server.baseUrl,
    headers: { Authorization: `Bearer ${server.token}`, Origin: server.baseUrl },
    fetch: async (...args) => {
      const res = await fetch(...args);
      answers.push(res.status === 204 ? undefined : await res.clone().json());
      return res;
    },
  });
});
after(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Calls a route and checks the client's (validated) result is the server's answer, unchanged. */
const call: typeof api.call = async (route, ...args) => {
  const result = await api.call(route, ...args);
  assert.deepEqual(result, answers.at(-1), `${route.method} ${route.path}: the response schema does not describe the whole answer`);
  called.add(`${route.method} ${route.path}`);
  return result;
};

async function waitConnected(id: string): Promise<RouteResponse<typeof routes.getConnection>> {
  for (let i = 0; i < 100; i++) {
    const connection = await call(routes.getConnection, { params: { id } });
    if (connection.status === 'connected') return connection;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`connection ${id} never connected`);
}

test('every JSON route answers with exactly its documented shape', async () => {
  assert.equal((await call(routes.info)).pid, server.child.pid);
  const { connections } = await call(routes.listConnections);
  const sample = connections.find((c) => c.name === 'Sample database')!;
  const id = (await waitConnected(sample.id)).id;
  assert.ok(sample.settings.engine === 'sqlite');

  // A second connection to a copy of the sample, through its whole life.
  const file = join(scratch, 'copy.db');
  copyFileSync(sample.settings.file, file);
  assert.equal((await call(routes.testConnection, { body: { settings: { engine: 'sqlite', file } } })).ok, true);
  const parsed = await call(routes.parseConnectionUrl, { body: { url: `sqlite:${file}` } });
  const created = await call(routes.createConnection, { body: { name: 'Copy', settings: parsed.settings } });
  assert.equal((await call(routes.updateConnection, { params: { id: created.id }, body: { name: 'Copy 2', settings: parsed.settings } })).name, 'Copy 2');
  assert.equal((await call(routes.connect, { params: { id: created.id } })).status, 'connected');
  assert.equal((await call(routes.disconnect, { params: { id: created.id } })).status, 'disconnected');
  await call(routes.deleteConnection, { params: { id: created.id } });

  const { schemas } = await call(routes.listSchemas, { params: { id } });
  const page = await call(routes.listObjects, { params: { id, schema: schemas[0]!.name }, query: { limit: 2 } });
  assert.equal(page.objects.length, 2);
  const object = page.objects[0]!;
  assert.equal((await call(routes.describeObject, { params: { id, schema: object.schema, name: object.name } })).name, object.name);
  const statistics = await call(routes.tableStatistics, { params: { id } });
  assert.ok(statistics.tables.some((t) => t.name === object.name && t.rows !== null && t.totalBytes! > 0));
  assert.match((await call(routes.objectDdl, { params: { id, schema: object.schema, name: object.name } })).ddl, /^CREATE /);
  assert.deepEqual((await call(routes.searchObjects, { params: { id }, query: { q: object.name } })).objects.map((o) => o.name), [object.name]);
  assert.ok((await call(routes.completion, { params: { id } })).tables.length >= 4);
  assert.deepEqual((await call(routes.history, { params: { id } })).entries, []);

  const tab = await call(routes.saveTab, { params: { id: 'tab-1' }, body: { title: 'Query 1', connectionId: id, sql: 'select 1' } });
  assert.equal(tab.sql, 'select 1');
  assert.deepEqual((await call(routes.saveLayout, { body: { order: ['tab-1'], activeTabId: 'tab-1' } })).activeTabId, 'tab-1');
  assert.deepEqual((await call(routes.workspace)).tabs.map((t) => t.id), ['tab-1']);
  await call(routes.deleteTab, { params: { id: 'tab-1' } });
  assert.equal((await call(routes.terminal)).enabled, process.platform !== 'win32');

  // Import: upload, preview, plan, start (into a table of its own), and discard an upload.
  const bytes = (text: string) => new TextEncoder().encode(text);
  const uploaded = await api.upload(routes.uploadImport, { query: { name: 'people.csv' } }, bytes('id,name\n1,Ann\n2,Bo\n'));
  assert.equal(uploaded.size, 19);
  const preview = await call(routes.previewImport, { params: { id: uploaded.uploadId }, body: {} });
  assert.deepEqual(preview.rows, [['1', 'Ann'], ['2', 'Bo']]);
  const importTarget = { type: 'new' as const, schema: 'main', table: 'contract_import', columns: preview.columns.map((c, source) => ({ name: c.sanitized, type: c.type, source })) };
  const importBody = { uploadId: uploaded.uploadId, settings: preview.settings, target: importTarget };
  assert.match((await call(routes.planImport, { params: { id }, body: importBody })).createSql!, /^CREATE TABLE "contract_import"/);
  assert.equal((await call(routes.startImport, { params: { id }, body: importBody })).kind, 'import');
  const discarded = await api.upload(routes.uploadImport, { query: { name: 'x.csv' } }, bytes('a\n1\n'));
  await call(routes.deleteImport, { params: { id: discarded.uploadId } });

  // Data explorer: a table's info, a page, a count, a change previewed and applied.
  const categories = { schema: 'main', table: 'categories' };
  assert.deepEqual((await call(routes.tableInfo, { params: { id }, body: categories })).key, ['id']);
  const firstPage = await call(routes.tablePage, { params: { id }, body: { ...categories, sort: [{ column: 'id', descending: false }], limit: 1 } });
  const [categoryId, categoryName] = firstPage.rows[0]!;
  assert.equal((await call(routes.tableCount, { params: { id }, body: categories })).exact, true);
  const change = { ...categories, changes: [{ kind: 'update' as const, key: { id: categoryId! }, original: { name: categoryName! }, values: { name: `${categoryName} (renamed)` } }] };
  assert.equal((await call(routes.previewChanges, { params: { id }, body: change })).statements.length, 1);
  assert.deepEqual(await call(routes.applyChanges, { params: { id }, body: change }).then((r) => r.ok && r.updated), 1);

  // Schema tools: the model, a diff of the schema with itself, a migration saved.
  assert.ok((await call(routes.schemaModel, { params: { id, schema: 'main' } })).tables.some((t) => t.name === 'categories'));
  const side = { connectionId: id, schema: 'main' };
  assert.equal((await call(routes.schemaDiff, { body: { source: side, target: side } })).differences.length, 0);
  assert.match((await call(routes.saveDiffMigration, { params: { id }, body: { name: 'contract_check', up: 'SELECT 1;', down: '' } })).upFile, /_contract_check\.up\.sql$/);

  // The activity log saw the connection's life above (test, connect, disconnect).
  const kinds = (await call(routes.activity, { query: { connection: created.id } })).entries.map((e) => e.kind);
  assert.deepEqual(kinds, ['disconnect', 'connect']);
  assert.equal((await call(routes.activity, { query: { kind: 'connection_test', limit: 1 } })).entries[0]!.error, null);
  assert.deepEqual(await call(routes.saveActivitySettings, { body: { recordLiterals: true } }), { recordLiterals: true });
  assert.deepEqual(await call(routes.activitySettings), { recordLiterals: true });

  const jsonRoutes = Object.values(routes).filter((r): r is typeof r & JsonRoute => r.kind === 'json');
  assert.deepEqual([...called].sort(), jsonRoutes.map((r) => `${r.method} ${r.path}`).sort());
});

test('the upload route takes raw bytes only, and an unknown upload is 404', async () => {
  const form = await server.fetch('/api/imports?name=a.csv', { method: 'POST', headers: { Origin: server.baseUrl, 'Content-Type': 'text/plain' }, body: 'a\n1\n' });
  assert.equal(form.status, 415);
  const missing = await server.fetch(`/api/imports/${'0'.repeat(32)}/preview`, { method: 'POST', headers: { Origin: server.baseUrl, 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(missing.status, 404);
});

test('the export route streams a form post\'s rows as a download', async () => {
  const { connections } = await api.call(routes.listConnections);
  const id = connections.find((c) => c.name === 'Sample database')!.id;
  const form = new URLSearchParams({ sql: 'select 1 as a, \'x,y\' as b union all select 2, null', format: 'csv', filename: 'two-rows' });
  const res = await server.fetch(`/api/connections/${id}/export`, { method: 'POST', headers: { Origin: server.baseUrl }, body: form });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="two-rows.csv"');
  assert.equal(await res.text(), 'a,b\r\n1,"x,y"\r\n2,\r\n');
  const json = await server.fetch(`/api/connections/${id}/export`, {
    method: 'POST', headers: { Origin: server.baseUrl, 'Content-Type': 'application/json' }, body: JSON.stringify({ sql: 'select 1 as a', format: 'json' }),
  });
  assert.deepEqual(await json.json(), [{ a: 1 }]);
  const twoStatements = await server.fetch(`/api/connections/${id}/export`, { method: 'POST', headers: { Origin: server.baseUrl }, body: new URLSearchParams({ sql: 'select 1; select 2', format: 'csv' }) });
  assert.equal(twoStatements.status, 400);
  assert.match((await readJson(twoStatements)).error.message, /exactly one statement; got 2/);
});
