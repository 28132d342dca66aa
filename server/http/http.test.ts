// The HTTP face of the server, against the real built process: /status, the token gate,
// the token hand-off, and the Host / Origin checks.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readJson, startServer, type ServerProcess } from '../testing/server-process.ts';
import { TestSocket } from '../testing/ws-client.ts';

let server: ServerProcess;
before(async () => {
  server = await startServer();
});
after(() => server.stop());

const noToken = { Authorization: '' };

describe('/status', () => {
  test('answers without a token and reveals no secret', async () => {
    const res = await fetch(`${server.baseUrl}/status`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(!text.includes(server.token));
    assert.deepEqual(Object.keys(JSON.parse(text)).sort(), ['checks', 'pid', 'port', 'startedAt', 'status', 'uptimeSeconds', 'version']);
  });
});

describe('token gate', () => {
  test('API calls without the token, or with a wrong one, get 401 JSON', async () => {
    for (const headers of [noToken, { Authorization: `Bearer ${'a'.repeat(43)}` }, { ...noToken, Cookie: `dbt_token_${server.port}=wrong` }]) {
      const res = await server.fetch('/api/info', { headers });
      assert.equal(res.status, 401);
      const body = await readJson(res);
      assert.equal(body.error.code, 'unauthorized');
      assert.match(body.error.message, /launch token/);
    }
  });

  test('API calls with the token as Bearer header or cookie succeed', async () => {
    assert.equal((await server.fetch('/api/info')).status, 200);
    const res = await server.fetch('/api/info', { headers: { ...noToken, Cookie: `dbt_token_${server.port}=${server.token}` } });
    assert.equal(res.status, 200);
    assert.equal((await readJson(res)).home, server.home);
  });

  test('pages without the token show the lock page, not the app', async () => {
    const res = await server.fetch('/logs?tab=server', { headers: noToken });
    assert.equal(res.status, 200, 'a visit logs no failed request in the browser console');
    const html = await res.text();
    assert.match(html, /DB Toolkit is locked/);
    assert.doesNotMatch(html, /_next\/static/);
    assert.match(html, /name="next" value="\/logs\?tab=server"/, 'unlocking lands on the page asked for');
    assert.doesNotMatch(html, /<(img|link rel="stylesheet"|script src)/, 'the page makes no request of its own');
    const asked = await (await server.fetch('/?next=%2F%2Fevil.example%2Fx', { headers: noToken })).text();
    assert.match(asked, /name="next" value="\/"/, 'another origin in ?next= is never kept');
  });

  test('unknown API paths and wrong methods say so', async () => {
    const missing = await server.fetch('/api/nope');
    assert.equal(missing.status, 404);
    assert.match((await readJson(missing)).error.message, /No API endpoint GET \/api\/nope/);
    const wrongMethod = await server.fetch('/api/info', { method: 'DELETE', headers: { Origin: server.baseUrl } });
    assert.equal(wrongMethod.status, 405);
  });
});

describe('token hand-off', () => {
  test('the printed link sets an HttpOnly SameSite=Strict cookie and redirects to a clean URL', async () => {
    const res = await server.fetch(`/sql?token=${server.token}&x=1`, { headers: noToken });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/sql?x=1');
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^dbt_token_${server.port}=${server.token};`));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);

    const page = await server.fetch('/logs', { headers: { ...noToken, Cookie: cookie.split(';')[0]! } });
    assert.ok(page.status < 400, `a link to the app opens (HTTP ${page.status})`);
    assert.match(await page.text(), /DB Toolkit/);
  });

  test('a link with a wrong token is refused with the lock page', async () => {
    const res = await server.fetch(`/?token=${'b'.repeat(43)}`, { headers: noToken });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.match(await res.text(), /not valid for this server/);
  });

  test('the lock page form accepts the pasted token', async () => {
    const form = { method: 'POST', headers: { ...noToken, 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl } };
    const ok = await server.fetch('/auth', { ...form, body: `token=${server.token}&next=${encodeURIComponent('/sql?x=1')}` });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/sql?x=1');
    assert.match(ok.headers.get('set-cookie') ?? '', /HttpOnly/);
    for (const evil of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)']) {
      const res = await server.fetch('/auth', { ...form, body: `token=${server.token}&next=${encodeURIComponent(evil)}` });
      assert.equal(res.headers.get('location'), '/', evil);
    }
    const wrong = await server.fetch('/auth', { ...form, body: 'token=nope' });
    assert.equal(wrong.status, 401);
  });
});

describe('Host and Origin checks', () => {
  test('a foreign Host header is refused everywhere, even with the token (DNS rebinding)', async () => {
    for (const path of ['/status', '/api/info', '/logs']) {
      const res = await server.request(path, { headers: { host: `evil.example:${server.port}` } });
      assert.equal(res.status, 403, path);
      assert.match(JSON.parse(res.body).error.message, /Host "evil.example:\d+" is not allowed/);
    }
  });

  test('localhost and 127.0.0.1 with this port are accepted', async () => {
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`]) {
      assert.equal((await server.request('/api/info', { headers: { host } })).status, 200, host);
    }
    assert.equal((await server.request('/api/info', { headers: { host: `127.0.0.1:${server.port + 1}` } })).status, 403);
  });

  test('a state-changing request from a foreign Origin is refused; no CORS headers are sent', async () => {
    const res = await server.fetch('/auth', { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=${server.token}` });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('set-cookie'), null);
    const read = await server.fetch('/api/info', { headers: { Origin: 'http://evil.example' } });
    assert.equal(read.headers.get('access-control-allow-origin'), null);
  });

  test('a request marked cross-site by the browser is refused, even with the token; a link to a page still opens', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const api = await server.request('/api/info', { headers: { 'sec-fetch-site': site, 'sec-fetch-mode': 'cors' } });
      assert.equal(api.status, 403, site);
      assert.match(api.body, /another site/);
      const socket = new TestSocket(`ws://127.0.0.1:${server.port}/ws/app`, { headers: { Authorization: `Bearer ${server.token}`, 'Sec-Fetch-Site': site, 'Sec-Fetch-Mode': 'websocket' } });
      await assert.rejects(socket.opened(), /HTTP 403/);
    }
    const page = await server.request('/', { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' } });
    assert.ok(page.status < 400, `a link to the app opens (HTTP ${page.status})`);
  });

  test('responses forbid framing and referrers', async () => {
    const res = await fetch(`${server.baseUrl}/status`);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('referrer-policy'), 'same-origin');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });
});

describe('the open link', () => {
  test('a server that generated its token prints a ready-to-open URL with it', async () => {
    const own = await startServer({ generatedToken: true });
    try {
      await new Promise((r) => setTimeout(r, 100));
      const line = own.stdoutLines.find((l) => l.includes('?token='));
      assert.ok(line, own.stdoutLines.join('\n'));
      const url = new URL(/http:\/\/\S+/.exec(line)![0]);
      assert.equal(url.port, String(own.port));
      const res = await fetch(url, { redirect: 'manual' });
      assert.equal(res.status, 302);
    } finally {
      await own.stop();
    }
  });

  test('a server given its token by a launcher does not print it', () => {
    assert.ok(!server.stdoutLines.some((l) => l.includes(server.token)));
  });
});
