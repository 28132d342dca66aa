// The router bound to a route table, served by a real node:http server in this process and
// called with the same client the UI uses. The @ts-expect-error lines are checked by
// `npm run typecheck`: they prove that a handler or a call that does not fit its route
// does not compile.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import * as z from 'zod';
import { sendError } from '../http/send.ts';
import { ApiError, createApiClient, route, routes } from '../protocol/index.ts';
import { ApiRouter } from './router.ts';

const Item = z.object({ id: z.string(), name: z.string(), size: z.number() });
const table = {
  list: route({ method: 'GET', path: '/api/items', query: z.object({ limit: z.coerce.number<number>().int().min(1).max(10).default(5) }), response: z.object({ items: z.array(Item) }) }),
  create: route({ method: 'POST', path: '/api/items', body: z.object({ name: z.string().trim().min(1), size: z.number().default(1) }), response: Item, status: 201 }),
  get: route({ method: 'GET', path: '/api/items/:id', response: Item }),
  // Declared after the parameter route: the fixed segment still wins.
  newest: route({ method: 'GET', path: '/api/items/newest', response: Item }),
  remove: route({ method: 'DELETE', path: '/api/items/:id', params: { id: z.string().regex(/^i\d+$/, 'an item id such as i1') } }),
  unserved: route({ method: 'GET', path: '/api/unserved', response: Item }),
};

const items = new Map<string, z.infer<typeof Item>>();
const router = new ApiRouter(table)
  .on(table.list, ({ query }) => ({ items: [...items.values()].slice(0, query.limit) }))
  .on(table.create, ({ body }) => {
    const item = { id: `i${items.size + 1}`, ...body };
    items.set(item.id, item);
    return item;
  })
  .on(table.get, ({ params }) => items.get(params.id) ?? { id: params.id, name: '?', size: 0 })
  .on(table.newest, () => [...items.values()].at(-1)!)
  .on(table.remove, ({ params }) => void items.delete(params.id));

let server: Server;
let api: ReturnType<typeof createApiClient>;
let baseUrl: string;
before(async () => {
  server = createServer((req, res) => void router.handle(req, res, new URL(req.url!, 'http://localhost')).catch((error) => sendError(res, error)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = createApiClient({ baseUrl });
});
after(() => new Promise((resolve) => server.close(resolve)));

describe('a handler', () => {
  test('gets validated, typed input and answers with the route\'s status', async () => {
    const created = await api.call(table.create, { body: { name: '  first ' } });
    assert.deepEqual(created, { id: 'i1', name: 'first', size: 1 });
    await api.call(table.create, { body: { name: 'second', size: 7 } });
    assert.deepEqual((await api.call(table.list, { query: { limit: 1 } })).items.map((i) => i.name), ['first']);
    assert.equal((await api.call(table.list)).items.length, 2);
    assert.equal((await fetch(`${baseUrl}/api/items`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"x"}' })).status, 201);
    assert.equal(await api.call(table.remove, { params: { id: 'i3' } }), undefined);
  });

  test('never runs on bad input: the caller learns each bad field', async () => {
    const refused = (call: Promise<unknown>) => assert.rejects(call, (e: ApiError) => e.status === 400 && e.issues.length > 0);
    await refused(api.call(table.create, { body: { name: ' ' } }));
    await refused(api.call(table.list, { query: { limit: 11 } }));
    await refused(api.call(table.remove, { params: { id: 'x1' } }));
    assert.equal(items.size, 2);
  });

  test('a fixed path segment wins over a parameter, whatever the table order', async () => {
    assert.equal((await api.call(table.newest)).name, 'second');
    assert.equal((await api.call(table.get, { params: { id: 'newest2' } })).name, '?');
  });
});

describe('the table', () => {
  test('is the only source of routes: a handler for any other route is refused', () => {
    const stray = route({ method: 'GET', path: '/api/items', response: Item });
    assert.throws(() => new ApiRouter(table).on(stray, () => ({ id: '', name: '', size: 0 })), /GET \/api\/items is not in the route table/);
    assert.throws(() => new ApiRouter(table).on(table.get, () => items.get('i1')!).on(table.get, () => items.get('i1')!), /has a handler already/);
  });

  test('lists the routes nothing serves, which are answered as unknown', async () => {
    assert.deepEqual(router.unserved(), [table.unserved]);
    assert.equal((await fetch(`${baseUrl}/api/unserved`)).status, 404);
  });

  test('a known path with another method is a 405 naming the allowed ones', async () => {
    const res = await fetch(`${baseUrl}/api/items/i1`, { method: 'PUT' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, DELETE');
  });
});

test('an answer that does not fit the route is an error for the caller, not a quiet misreading', async () => {
  const liar = route({ method: 'GET', path: '/api/items/:id', response: z.object({ id: z.string(), weight: z.number() }) });
  await assert.rejects(api.call(liar, { params: { id: 'i1' } }), (e: ApiError) => e.code === 'bad_response' && e.issues[0] === 'weight: Invalid input: expected number, received undefined');
});

// Compile-time only: each line below must fail to type-check (the functions never run).
function handlersMustFitTheirRoute(r: ApiRouter) {
  // @ts-expect-error the response lacks `size`
  r.on(table.get, ({ params }) => ({ id: params.id, name: 'x' }));
  // @ts-expect-error the path has no :name
  r.on(table.get, ({ params }) => items.get(params.name)!);
  // @ts-expect-error the body's `size` is a number
  r.on(table.create, ({ body }) => ({ id: 'i', name: body.name, size: String(body.size) }));
  // @ts-expect-error a download writes the response itself and returns nothing
  r.on(routes.exportRows, async () => ({ done: true }));
}
async function callsMustFitTheirRoute() {
  // @ts-expect-error :id is missing
  await api.call(table.get);
  // @ts-expect-error the body is required
  await api.call(table.create, {});
  // @ts-expect-error `name` must be text
  await api.call(table.create, { body: { name: 1 } });
  // @ts-expect-error a download is not a JSON call
  await api.call(routes.exportRows, { params: { id: 'c' }, body: { sql: 'select 1', format: 'csv' } });
  // @ts-expect-error the answer has no `weight`
  (await api.call(table.get, { params: { id: 'i1' } })).weight;
}
