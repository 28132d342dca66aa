// MySQL / MariaDB beyond the shared contract: connect by URL and its errors, TLS modes,
// cancel (fast, never hitting a later statement), error positions, DELIMITER scripts, a
// lost connection — against a real MariaDB with TLS.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { splitQuery } from 'dbgate-query-splitter';
import { parseConnectionUrl } from '../connections/connection-url.ts';
import { DIALECTS, type SslMode } from '../protocol/index.ts';
import { startMariadb, type TestMariadb } from '../testing/mariadb.ts';
import { collect, execute } from '../testing/query-results.ts';
import { withSilentServer } from '../testing/silent-server.ts';
import type { ConnectTarget, Driver } from './driver.ts';
import { ConnectError, DatabaseError, QueryCancelledError } from './errors.ts';
import { connect } from './index.ts';

let server: TestMariadb;
let driver: Driver;

const target = (patch: Partial<Extract<ConnectTarget, { engine: 'mysql' }>> = {}): ConnectTarget => ({
  engine: 'mysql',
  host: server.host,
  port: server.port,
  user: server.user,
  password: server.password,
  database: server.database,
  ssl: { mode: 'disable' },
  connectTimeoutSeconds: 5,
  ...patch,
});

const failure = async (settings: ConnectTarget): Promise<string> => {
  const error = await connect(settings).then((d) => (void d.close(), null), (e: unknown) => e);
  assert.ok(error instanceof ConnectError, `expected ConnectError, got ${String(error)}`);
  return error.message;
};

before(async () => {
  server = await startMariadb({ tls: true });
  server.rootSql(`CREATE USER 'tls_only'@'127.0.0.1' IDENTIFIED BY 'pw' REQUIRE SSL; GRANT ALL ON *.* TO 'tls_only'@'127.0.0.1';`);
  driver = await connect(target());
});

after(async () => {
  await driver?.close();
  await server?.stop();
});

describe('connect', () => {
  test('by URL, mysql:// and mariadb://', async () => {
    const parsed = parseConnectionUrl(`${server.url}?ssl-mode=DISABLED&connect_timeout=7`);
    assert.deepEqual(parsed.settings, { engine: 'mysql', host: '127.0.0.1', port: server.port, database: server.database, user: server.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 7 });
    const viaUrl = await connect({ ...parsed.settings, password: parsed.password! });
    assert.match(await viaUrl.serverVersion(), /^MariaDB 10\.\d+\.\d+$/);
    await viaUrl.close();
    assert.equal(parseConnectionUrl('mariadb://me@db.example.com/shop?sslmode=verify-full').settings.engine, 'mysql');
    assert.throws(() => parseConnectionUrl('mysql://u:TopSecret@h/d?ssl-mode=SOMETIMES'), (e: Error) => /Unsupported SSL mode/.test(e.message) && !e.message.includes('TopSecret'));
  });

  test('clear errors: wrong password, unknown database, refused, no password', async () => {
    assert.match(await failure(target({ password: 'wrong' })), /Access denied for user "dbt" .*wrong password/);
    assert.match(await failure(target({ database: 'nope' })), /Database "nope" does not exist/);
    assert.match(await failure(target({ port: 1 })), /Connection refused by 127\.0\.0\.1:1/);
    assert.match(await failure(target({ password: undefined })), /wants a password, and none was given/);
  });

  test('SSL modes: prefer, require, verify-ca / verify-full with the CA, TLS-only users', async () => {
    for (const mode of ['prefer', 'require'] satisfies SslMode[]) (await connect(target({ ssl: { mode } }))).close();
    await (await connect(target({ host: 'localhost', ssl: { mode: 'verify-full', ca: server.certificate } }))).close();
    await (await connect(target({ ssl: { mode: 'verify-ca', ca: server.certificate } }))).close();
    assert.match(await failure(target({ ssl: { mode: 'verify-ca' } })), /SSL certificate verification failed .*self-signed/);
    assert.match(await failure(target({ user: 'tls_only', password: 'pw', ssl: { mode: 'disable' } })), /Access denied for user "tls_only".*only over SSL/);
    await (await connect(target({ user: 'tls_only', password: 'pw', ssl: { mode: 'require' } }))).close();
    // The session's own connection is encrypted too.
    const tls = await connect(target({ ssl: { mode: 'require' } }));
    const session = await tls.openSession();
    assert.notEqual((await collect(session, "SHOW SESSION STATUS LIKE 'Ssl_cipher'")).rows[0]![1], '');
    await tls.close();
  });

  test('connect timeout', async () => {
    await withSilentServer(async (port) => {
      const started = performance.now();
      assert.match(await failure(target({ host: '127.0.0.1', port, connectTimeoutSeconds: 1 })), /Timed out after 1 s/);
      assert.ok(performance.now() - started < 3000);
    });
  });
});

describe('sessions', () => {
  test('USE, variables and temporary tables persist in a session', async () => {
    const session = await driver.openSession();
    await execute(session, 'CREATE DATABASE IF NOT EXISTS other_db', 'USE other_db', 'SET @greeting = "hi"', 'CREATE TEMPORARY TABLE t (x int)');
    assert.deepEqual((await collect(session, 'SELECT DATABASE(), @greeting, (SELECT COUNT(*) FROM t)')).rows, [['other_db', 'hi', '0']]);
    await session.close();
  });

  test('cancel: KILL QUERY answers within 1 s, the session stays usable and keeps its state', async () => {
    const session = await driver.openSession();
    await execute(session, 'SET @kept = 42');
    const running = collect(session, 'SELECT SLEEP(60)');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    const outcome = assert.rejects(running, QueryCancelledError);
    await session.cancel();
    await outcome;
    assert.ok(performance.now() - started < 1000, `cancel took ${performance.now() - started} ms`);
    assert.deepEqual((await collect(session, 'SELECT @kept')).rows, [['42']]);
    await session.close();
  });

  test('a cancel racing the end of a statement never kills the next one', async () => {
    const session = await driver.openSession();
    for (let i = 0; i < 20; i++) {
      const run = collect(session, 'SELECT SLEEP(0.02)');
      await new Promise((resolve) => setTimeout(resolve, i));
      await Promise.all([session.cancel(), run.catch(() => {})]);
      assert.deepEqual((await collect(session, 'SELECT SLEEP(0.05), 7')).rows, [['0', '7']], `round ${i}`);
    }
    await session.close();
  });

  test('errors carry SQLSTATE, the error number, and the position MySQL names', async () => {
    const session = await driver.openSession();
    const error = await collect(session, 'SELECT 1,\n  2 FROM\n  WHERE x').catch((e: unknown) => e);
    assert.ok(error instanceof DatabaseError);
    assert.equal(error.sqlState, '42000');
    assert.match(error.message, /near 'WHERE x' at line 3 \(error 1064\)$/);
    assert.equal(error.position, 'SELECT 1,\n  2 FROM\n  '.length);
    const missing = await collect(session, 'SELECT * FROM no_such_table').catch((e: unknown) => e);
    assert.ok(missing instanceof DatabaseError);
    assert.equal(missing.position, 'SELECT * FROM '.length);
    await session.close();
  });

  test('DELIMITER blocks split into whole statements; procedures run', async () => {
    const script = "DELIMITER $$\nCREATE PROCEDURE add_one(IN x INT)\nBEGIN\n  SELECT x + 1 AS y; -- inner semicolons stay\nEND$$\nDELIMITER ;\nCALL add_one(41);";
    const statements = splitQuery(script, DIALECTS.mysql.splitter) as string[];
    assert.equal(statements.length, 2);
    assert.match(statements[0]!, /^CREATE PROCEDURE[\s\S]+END$/);
    const session = await driver.openSession();
    await execute(session, statements[0]!);
    assert.deepEqual((await collect(session, statements[1]!)).rows, [['42']]);
    await session.close();
  });

  test('a lost connection is reported once; the next statement runs on a new connection', async () => {
    const session = await driver.openSession();
    await execute(session, 'SET @x = 1');
    const [[id]] = (await collect(session, 'SELECT CONNECTION_ID()')).rows as [[string]];
    server.rootSql(`KILL ${id}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await assert.rejects(collect(session, 'SELECT @x'), /connection to the server was lost/);
    assert.deepEqual((await collect(session, 'SELECT @x')).rows, [[null]]);
    await session.close();
  });

  test('read-only sessions refuse writes', async () => {
    const session = await driver.openSession();
    await execute(session, 'CREATE TABLE IF NOT EXISTS ro (x int)', DIALECTS.mysql.readOnly.begin);
    await assert.rejects(collect(session, 'INSERT INTO ro VALUES (1)'), /READ ONLY/i);
    await execute(session, DIALECTS.mysql.readOnly.end);
    await session.close();
  });
});
