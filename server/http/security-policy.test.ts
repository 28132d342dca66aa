import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { SecurityPolicy } from './security-policy.ts';

const token = 't'.repeat(43);
const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const policy = (bindHost = '127.0.0.1', extra: string[] = []) => new SecurityPolicy({ token, port: 8000, bindHost, extraAllowedHosts: extra });

test('Host must name this server: loopback names with this port only', () => {
  const p = policy();
  for (const host of ['127.0.0.1:8000', 'localhost:8000', 'LOCALHOST:8000', '[::1]:8000']) assert.ok(p.hostAllowed(req({ host })), host);
  for (const host of ['127.0.0.1:8001', 'evil.com:8000', 'localhost', '']) assert.ok(!p.hostAllowed(req({ host })), host);
  assert.ok(!p.hostAllowed(req({})));
});

test('extra allowed hosts and an explicit --host are accepted', () => {
  const p = policy('192.168.1.5', ['db.internal', 'proxy:443']);
  assert.ok(p.hostAllowed(req({ host: '192.168.1.5:8000' })));
  assert.ok(p.hostAllowed(req({ host: 'db.internal:8000' })));
  assert.ok(p.hostAllowed(req({ host: 'proxy:443' })));
});

test('Origin: absent is fine (not a browser), our own is fine, anything else is not', () => {
  const p = policy();
  assert.ok(p.originAllowed(req({})));
  assert.ok(p.originAllowed(req({ origin: 'http://localhost:8000' })));
  assert.ok(!p.originAllowed(req({ origin: 'http://localhost:8001' })));
  assert.ok(!p.originAllowed(req({ origin: 'null' })));
  assert.ok(!p.originAllowed(req({ origin: 'https://127.0.0.1:8000' })));
});

test('token from Bearer header or the port-specific cookie', () => {
  const p = policy();
  assert.ok(p.requestAuthenticated(req({ authorization: `Bearer ${token}` })));
  assert.ok(p.requestAuthenticated(req({ cookie: `a=b; dbt_token_8000=${token}; c=d` })));
  assert.ok(!p.requestAuthenticated(req({ cookie: `dbt_token_8001=${token}` })));
  assert.ok(!p.requestAuthenticated(req({ authorization: `Bearer ${token}x` })));
  assert.ok(!p.requestAuthenticated(req({})));
});

test('the session cookie is HttpOnly and SameSite=Strict, scoped by port', () => {
  assert.equal(policy().sessionCookie(token), `dbt_token_8000=${token}; Path=/; HttpOnly; SameSite=Strict`);
});

test('Sec-Fetch-Site: another site (or another port: same-site) may only navigate to a page', () => {
  const p = policy();
  const ask = (headers: Record<string, string>, path: string, method = 'GET') => p.fetchSiteAllowed({ headers, method } as unknown as IncomingMessage, path);
  assert.ok(ask({}, '/api/info'), 'no fetch metadata: judged by the other checks');
  assert.ok(ask({ 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }, '/api/info'));
  assert.ok(ask({ 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' }, '/'), 'typed or pasted into the address bar');
  assert.ok(ask({ 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }, '/sql'), 'a link from another site to a page');
  for (const site of ['cross-site', 'same-site']) {
    assert.ok(!ask({ 'sec-fetch-site': site, 'sec-fetch-mode': 'cors' }, '/api/info'), `${site} API read`);
    assert.ok(!ask({ 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' }, '/api/info'), `${site} navigation to the API`);
    assert.ok(!ask({ 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' }, '/auth', 'POST'), `${site} form post`);
    assert.ok(!ask({ 'sec-fetch-site': site, 'sec-fetch-mode': 'websocket' }, '/ws/query'), `${site} websocket`);
    assert.ok(!ask({ 'sec-fetch-site': site, 'sec-fetch-mode': 'no-cors' }, '/_next/static/x.js'), `${site} subresource`);
  }
});
