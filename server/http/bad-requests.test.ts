// Requests a client gets wrong, against the real built server: each is answered with a
// 4xx and a message, never a 500 or a stack trace in the log, and leaves the connection
// usable (or closes it cleanly). From issue 15: bad %-escapes, bodies over the limit,
// a 5 MB tab, JSON sent as text/plain.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RawConnection } from '../testing/raw-http.ts';
import { readJson, startServer, tempHome, type ServerProcess } from '../testing/server-process.ts';

const home = tempHome();
let server: ServerProcess;
before(async () => {
  server = await startServer({ home });
});
after(async () => {
  await server.stop();
  rmSync(home, { recursive: true, force: true });
});

const send = (method: string, path: string, body: string, contentType = 'application/json') =>
  server.fetch(path, { method, headers: { 'Content-Type': contentType, Origin: server.baseUrl }, body });

async function expectError(res: Response, status: number, message: RegExp) {
  const body = await readJson(res);
  assert.equal(res.status, status, JSON.stringify(body));
  assert.match(body.error.message, message);
  return body.error;
}

describe('a malformed %-escape', () => {
  test('in a path parameter is a 400 naming it', async () => {
    for (const path of ['/api/connections/%E0%A4%A', '/api/workspace/tabs/%E0%A4%A', '/api/connections/x/objects/%zz/t']) {
      await expectError(await server.fetch(path), 400, /malformed %-escape in "%/);
    }
  });

  test('in a connection URL is a 400 naming the part, without echoing it', async () => {
    const cases = { 'postgres://u:%zz@h/d': /password/, 'sqlite:/tmp/%zz.db': /file path/, 'postgres://u@h/%zz': /database name/, 'postgres://%zz@h/d': /user name/ };
    for (const [url, part] of Object.entries(cases)) {
      const error = await expectError(await send('POST', '/api/connections/parse-url', JSON.stringify({ url })), 400, /malformed %-escape/);
      assert.match(error.message, part);
      assert.ok(!error.message.includes('%zz'), error.message);
    }
  });
});

describe('a body over the route limit', () => {
  const oversized = [
    { request: 'PUT /api/workspace/layout', type: 'application/json', body: JSON.stringify({ order: ['a'.repeat(2 * 1024 * 1024)], activeTabId: null }), limit: '1 MB' },
    { request: 'POST /auth', type: 'application/x-www-form-urlencoded', body: `token=${'a'.repeat(8192)}`, limit: '4 KB' },
  ];
  for (const { request, type, body, limit } of oversized) {
    test(`gets 413, and the same keep-alive connection serves the next request (${request})`, async () => {
      const connection = await RawConnection.open(server.port);
      connection.send([
        `${request} HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, `Authorization: Bearer ${server.token}`, `Origin: ${server.baseUrl}`,
        `Content-Type: ${type}`, `Content-Length: ${Buffer.byteLength(body)}`,
      ], body);
      const refused = await connection.response();
      assert.equal(refused.status, 413);
      assert.match(JSON.parse(refused.body).error.message, new RegExp(`over this call's limit of ${limit}`));
      connection.send(['GET /api/info HTTP/1.1', `Host: 127.0.0.1:${server.port}`, `Authorization: Bearer ${server.token}`]);
      const next = await connection.response();
      assert.equal(next.status, 200);
      assert.equal(JSON.parse(next.body).home, home);
      connection.destroy();
    });
  }

  test('declared far over the limit gets 413 at once, then a clean close', async () => {
    const connection = await RawConnection.open(server.port);
    connection.send([
      'PUT /api/workspace/layout HTTP/1.1', `Host: 127.0.0.1:${server.port}`, `Authorization: Bearer ${server.token}`, `Origin: ${server.baseUrl}`,
      'Content-Type: application/json', `Content-Length: ${1024 ** 3}`,
    ], '{"order":[');
    const refused = await connection.response();
    assert.equal(refused.status, 413);
    assert.equal(refused.headers.connection, 'close');
    assert.deepEqual(await connection.ended, { kind: 'closed' });
  });
});

describe('the workspace', () => {
  const tab = (sql: string) => JSON.stringify({ title: 'Big', connectionId: null, sql });

  test('saves a tab holding 5 MB of SQL, and reads it back', async () => {
    const sql = `SELECT '${'é'.repeat(5 * 1024 * 1024 - 10)}';`; // 2 bytes a character in UTF-8
    assert.equal(sql.length, 5 * 1024 * 1024);
    const saved = await send('PUT', '/api/workspace/tabs/big', tab(sql));
    assert.equal(saved.status, 200, await saved.clone().text());
    const workspace = await readJson(await server.fetch('/api/workspace'));
    assert.equal(workspace.tabs.find((t: { id: string }) => t.id === 'big').sql, sql);
  });

  test('refuses more than 5 MB of SQL in a tab with the reason', async () => {
    const error = await expectError(await send('PUT', '/api/workspace/tabs/big', tab('x'.repeat(5 * 1024 * 1024 + 1))), 400, /Request body is invalid/);
    assert.deepEqual(error.issues, ['sql: A tab holds at most 5 MB of SQL']);
  });
});

describe('a JSON body not declared as JSON', () => {
  test('is refused with 415 saying what to send, and changes nothing', async () => {
    const layout = JSON.stringify({ order: [], activeTabId: null });
    await expectError(await send('PUT', '/api/workspace/layout', layout, 'text/plain'), 415, /takes JSON \(Content-Type: application\/json\); got "text\/plain"/);
    await expectError(await server.fetch('/api/connections', { method: 'POST', headers: { Origin: server.baseUrl }, body: new Blob(['{}']) }), 415, /got no Content-Type/);
    await expectError(await send('POST', '/api/connections', JSON.stringify({ name: 'x', settings: { engine: 'sqlite', file: '/tmp/x.db' } }), 'text/plain;charset=UTF-8'), 415, /takes JSON/);
    const { connections } = await readJson(await server.fetch('/api/connections'));
    assert.ok(!connections.some((c: { name: string }) => c.name === 'x'));
  });

  test('the export form takes a form post, but not text/plain', async () => {
    await expectError(await send('POST', '/api/connections/x/export', 'sql=select 1&format=csv', 'text/plain'), 415, /takes a form post or JSON/);
  });
});

test('none of the above logged an error or a stack trace', async () => {
  await server.stop();
  const log = readFileSync(join(home, 'logs', 'server.log'), 'utf8');
  assert.doesNotMatch(log, /"level":50|"stack"/);
  assert.ok(!server.stdoutLines.some((line) => /ERROR|URIError/.test(line)), server.stdoutLines.join('\n'));
});
