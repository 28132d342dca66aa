import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../errors.ts';
import { parseConnectionUrl } from './connection-url.ts';

test('postgres URLs: credentials decoded, defaults filled, sslmode and timeout honoured', () => {
  assert.deepEqual(parseConnectionUrl('postgres://al%40ice:p%3Ass@db.example.com:6543/sales?sslmode=verify-full&connect_timeout=5'), {
    settings: { engine: 'postgres', host: 'db.example.com', port: 6543, database: 'sales', user: 'al@ice', ssl: { mode: 'verify-full' }, connectTimeoutSeconds: 5 },
    password: 'p:ss',
  });
  assert.deepEqual(parseConnectionUrl('postgresql://localhost'), {
    settings: { engine: 'postgres', host: 'localhost', port: 5432, database: 'postgres', user: 'postgres', ssl: { mode: 'prefer' }, connectTimeoutSeconds: 10 },
  });
  const v6 = parseConnectionUrl('postgres://u@[::1]:5433/d').settings;
  assert.ok(v6.engine === 'postgres' && v6.host === '::1' && v6.port === 5433);
  assert.equal(parseConnectionUrl('PostgreSQL://h/d').settings.engine, 'postgres');
});

test('sqlite URLs and bare paths', () => {
  assert.deepEqual(parseConnectionUrl('sqlite:///home/me/my%20data.db'), { settings: { engine: 'sqlite', file: '/home/me/my data.db', readOnly: false } });
  assert.deepEqual(parseConnectionUrl('sqlite:/tmp/x.db?mode=ro'), { settings: { engine: 'sqlite', file: '/tmp/x.db', readOnly: true } });
  assert.deepEqual(parseConnectionUrl('/var/db/app.sqlite'), { settings: { engine: 'sqlite', file: '/var/db/app.sqlite', readOnly: false } });
  assert.deepEqual(parseConnectionUrl('file:/tmp/x.db?mode=ro'), { settings: { engine: 'sqlite', file: '/tmp/x.db', readOnly: true } });
});

test('bad URLs say what is wrong and never echo the URL', () => {
  const secret = 'postgres://u:TopSecret@h/d?sslmode=sometimes';
  assert.throws(() => parseConnectionUrl(secret), (e: Error) => /Unsupported sslmode "sometimes"/.test(e.message) && !e.message.includes('TopSecret'));
  assert.throws(() => parseConnectionUrl('redis://h'), /Unsupported URL scheme "redis:". Use postgres:\/\/.* or mysql:\/\/.* or sqlite:/);
  assert.throws(() => parseConnectionUrl('postgres://u:TopSecret@[h'), (e: Error) => /Not a valid postgres:\/\/ URL/.test(e.message) && !e.message.includes('TopSecret'));
  assert.throws(() => parseConnectionUrl('not a url'), /Not a connection URL/);
  assert.throws(() => parseConnectionUrl('sqlite:relative.db'), /absolute file path/);
});

test('a malformed %-escape names the part of the URL, not its text', () => {
  for (const [url, part] of [['postgres://u:%zz@h/d', 'password'], ['postgres://u@h/%zz', 'database name'], ['postgres://%zz@h/d', 'user name'], ['sqlite:/tmp/%zz.db', 'file path']] as const) {
    assert.throws(() => parseConnectionUrl(url), (e: Error) => e instanceof BadRequestError && e.message.startsWith(`The ${part} in the URL has a malformed %-escape`) && !e.message.includes('%zz'));
  }
});
