// The data explorer's REST routes against the real built server and its sample SQLite
// database: answers, clear 4xx on bad input (never a 500), and the streamed export.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readJson, startServer, type ServerProcess } from '../testing/server-process.ts';

let server: ServerProcess;
let id: string;

before(async () => {
  server = await startServer();
  const { connections } = await readJson(await server.fetch('/api/connections'));
  id = connections.find((c: { name: string }) => c.name === 'Sample database').id;
});
after(async () => {
  await server?.stop();
});

const post = (path: string, body: unknown) =>
  server.fetch(`/api/connections/${id}/data/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.baseUrl }, body: JSON.stringify(body) });

test('a table, a page and a count', async () => {
  const info = await readJson(await post('info', { schema: 'main', table: 'orders' }));
  assert.deepEqual(info.key, ['id']);
  assert.deepEqual(info.references.map((r: { table: string }) => r.table).sort(), ['customers', 'employees']);
  assert.deepEqual(info.referencedBy.map((r: { table: string }) => r.table), ['order_items']);
  const page = await readJson(await post('page', { schema: 'main', table: 'orders', filters: [{ kind: 'equals', column: 'status', value: 'shipped' }], sort: [{ column: 'ordered_at', descending: true }], limit: 5 }));
  assert.equal(page.rows.length, 5);
  assert.deepEqual(page.order, ['ordered_at', 'id']);
  assert.ok(page.rows.every((row: string[]) => row[page.columns.indexOf('status')] === 'shipped'));
  const count = await readJson(await post('count', { schema: 'main', table: 'orders', filters: [{ kind: 'equals', column: 'status', value: 'shipped' }] }));
  assert.equal(count.exact, true);
  assert.ok(count.count > 5);
  const view = await readJson(await post('info', { schema: 'main', table: 'order_totals' }));
  assert.equal(view.key, null);
  assert.match(view.readOnlyReason, /is a view/);
});

test('bad input is a 4xx that says what is wrong', async () => {
  const cases: [string, unknown, number, RegExp][] = [
    ['page', { schema: 'main', table: 'orders', sort: [{ column: 'nope; DROP TABLE orders' }] }, 400, /is not a column of orders/],
    ['page', { schema: 'main', table: 'orders', limit: 0 }, 400, /limit/],
    ['page', { schema: 'main', table: 'orders', where: 'status = ' }, 400, /syntax error|incomplete input/],
    ['page', { schema: 'main', table: 'orders', where: "1; DELETE FROM orders" }, 400, /./],
    ['page', { schema: 'main', table: 'orders', from: { at: 'after', row: ['1', '2', '3'] } }, 400, /cursor must give 1 value/],
    ['info', { schema: 'main', table: 'no_such_table' }, 404, /no_such_table/],
    ['apply', { schema: 'main', table: 'order_totals', changes: [{ kind: 'delete', key: { order_id: '1' } }] }, 400, /is a view/],
    ['apply', { schema: 'main', table: 'orders', changes: [] }, 400, /changes/],
    ['preview', { schema: 'main', table: 'orders', changes: [{ kind: 'update', key: { id: '1' }, original: {}, values: { status: 'x' } }] }, 400, /must give the value it had/],
    ['preview', { schema: 'main', table: 'orders', changes: [{ kind: 'delete', key: {} }] }, 400, /key must give "id"/],
  ];
  for (const [path, body, status, message] of cases) {
    const response = await post(path, body);
    const answer = (await response.json()) as { error: { message: string; issues?: string[] } };
    assert.equal(response.status, status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(answer)}`);
    assert.match(`${answer.error.message} ${(answer.error.issues ?? []).join(' ')}`, message);
  }
  const count = await readJson(await post('count', { schema: 'main', table: 'orders', exact: true }));
  assert.ok(count.count > 0, 'nothing was deleted');
});

test('export: the filtered view streamed as CSV, JSON and NDJSON', async () => {
  const view = { schema: 'main', table: 'products', filters: [{ kind: 'equals', column: 'category_id', value: '2' }], where: 'price > 1', sort: [{ column: 'price', descending: true }] };
  const { count } = await readJson(await post('count', { ...view, exact: true }));
  const form = (format: string) =>
    server.fetch(`/api/connections/${id}/data/export`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl },
      body: new URLSearchParams({ view: JSON.stringify(view), format }).toString(),
    });
  const csv = await form('csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-disposition')!, /attachment; filename="products\.csv"/);
  const lines = (await csv.text()).trim().split('\r\n');
  assert.equal(lines[0], 'id,category_id,name,sku,price,in_stock,discontinued');
  assert.equal(lines.length - 1, count);
  const prices = lines.slice(1).map((line) => Number(line.split(',')[4]));
  assert.deepEqual(prices, [...prices].sort((a, b) => b - a));
  const json = JSON.parse(await (await form('json')).text());
  assert.equal(json.length, count);
  assert.equal(typeof json[0].price, 'number');
  const ndjson = (await (await form('ndjson')).text()).trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(ndjson, json);
  const bad = await server.fetch(`/api/connections/${id}/data/export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl },
    body: new URLSearchParams({ view: '{"table": 1}', format: 'csv' }).toString(),
  });
  assert.equal(bad.status, 400);
});
