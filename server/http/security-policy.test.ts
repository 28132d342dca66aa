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
