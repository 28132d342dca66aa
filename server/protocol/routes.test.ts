// The route table against its documentation: a route without its README line fails here,
// as does a README line for a route that no longer exists.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as z from 'zod';
import { route, routeUrl } from './route.ts';
import { routes } from './routes.ts';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const restSection = readme.slice(readme.indexOf('## REST API'), readme.indexOf('\n## ', readme.indexOf('## REST API') + 1));
/** `GET /api/connections/:id/history?q=&limit=` → "GET /api/connections/:id/history" → ["q", "limit"]. */
const documented = new Map(
  [...restSection.matchAll(/`(GET|POST|PUT|DELETE) (\/api\/[^`?\s]*)(?:\?([^`]*))?`/g)].map((m) => [
    `${m[1]} ${m[2]}`,
    m[3] ? m[3].split('&').map((pair) => pair.replace(/=.*$/, '')) : [],
  ]),
);

test('every route is in README\'s REST API table, with its query parameters', () => {
  assert.ok(documented.size >= 20, 'the pattern no longer finds the README\'s routes');
  for (const r of Object.values(routes)) {
    const call = `${r.method} ${r.path}`;
    assert.ok(documented.has(call), `${call} is not documented in README.md ("REST API")`);
    assert.deepEqual(documented.get(call), r.query ? Object.keys(r.query.shape) : [], `${call}: the query parameters in README.md differ from the route's`);
  }
});

test('README documents no route the server does not serve', () => {
  const served = new Set(Object.values(routes).map((r) => `${r.method} ${r.path}`));
  for (const call of documented.keys()) assert.ok(served.has(call), `README.md documents ${call}, which is not in server/protocol/routes.ts`);
});

test('no two routes share a method and path', () => {
  const calls = Object.values(routes).map((r) => `${r.method} ${r.path}`);
  assert.deepEqual(calls.filter((c, i) => calls.indexOf(c) !== i), []);
});

test('a route without a response answers 204; a download has none and keeps 200', () => {
  assert.equal(routes.deleteTab.status, 204);
  assert.equal(routes.createConnection.status, 201);
  assert.equal(routes.exportRows.status, 200);
  assert.equal(routes.exportRows.kind, 'download');
  assert.equal(routes.info.maxBodyBytes, 1024 * 1024);
});

test('path parameters are checked: any non-empty text, or the route\'s own schema', () => {
  assert.deepEqual(routes.describeObject.params.parse({ id: 'c1', schema: 'public', name: 'a b' }), { id: 'c1', schema: 'public', name: 'a b' });
  assert.equal(routes.describeObject.params.safeParse({ id: 'c1', schema: 'public' }).success, false);
  assert.equal(routes.saveTab.params.safeParse({ id: 'no spaces' }).success, false);
  const custom = route({ method: 'GET', path: '/api/things/:kind/:n', params: { n: z.string().regex(/^\d+$/) } });
  assert.equal(custom.params.safeParse({ kind: 'x', n: '12' }).success, true);
  assert.equal(custom.params.safeParse({ kind: 'x', n: 'twelve' }).success, false);
});

test('URLs: parameters are encoded into the path, defined query values appended', () => {
  assert.equal(routeUrl(routes.describeObject, { id: 'c/1', schema: 'my schema', name: 'ä?#%' }), '/api/connections/c%2F1/objects/my%20schema/%C3%A4%3F%23%25');
  assert.equal(routeUrl(routes.listObjects, { id: 'c1', schema: 'main' }, { offset: 200, limit: 50, search: undefined }), '/api/connections/c1/schemas/main/objects?offset=200&limit=50');
  assert.equal(routeUrl(routes.searchObjects, { id: 'c1' }, { q: 'a&b=c' }), '/api/connections/c1/search?q=a%26b%3Dc');
  assert.equal(routeUrl(routes.info, {}), '/api/info');
});

test('query strings are text: numbers are coerced, defaults filled, out of range refused', () => {
  assert.deepEqual(routes.listObjects.query.parse({ offset: '400' }), { offset: 400, limit: 200 });
  assert.equal(routes.listObjects.query.safeParse({ limit: '0' }).success, false);
  assert.equal(routes.listObjects.query.safeParse({ limit: 'ten' }).success, false);
  assert.deepEqual(routes.searchObjects.query.parse({ q: '  auth ' }), { q: 'auth', limit: 100 });
  assert.equal(routes.searchObjects.query.safeParse({ q: ' ' }).success, false);
  assert.deepEqual(routes.history.query.parse({}), { q: '', limit: 100 });
});
