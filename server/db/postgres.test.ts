// What is particular to the PostgreSQL driver: cancel through pg_cancel_backend, connect
// errors worded for people, SSL modes, a catalog of 10,000 tables, cells equal to psql's
// output, type names, pull-based cursors, lost connections, COPY. Shared behaviour:
// contract.test.ts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { psqlRows } from '../testing/cli.ts';
import { withSilentServer } from '../testing/silent-server.ts';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { collect, execute } from '../testing/query-results.ts';
import type { ConnectTarget, Driver, QuerySession } from './driver.ts';
import { ConnectError, DatabaseError, QueryCancelledError } from './errors.ts';
import { postgresFactory } from './postgres.ts';

type PostgresTarget = Extract<ConnectTarget, { engine: 'postgres' }>;

let server: TestPostgres;
let admin: pg.Client;
let target: PostgresTarget;
let driver: Driver;
let session: QuerySession;

const targetFor = (changes: Partial<PostgresTarget> = {}): PostgresTarget => ({
  engine: 'postgres',
  host: server.host,
  port: server.port,
  user: server.user,
  password: server.password,
  database: 'drivertest',
  ssl: { mode: 'disable' },
  connectTimeoutSeconds: 10,
  ...changes,
});

before(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE DATABASE drivertest');
  target = targetFor();
  driver = await postgresFactory.connect(target);
  session = await driver.openSession();
});
after(async () => {
  await driver?.close();
  await admin?.end();
  await server?.stop();
});

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('cancel', () => {
  test('pg_sleep(30) is cancelled and answered within a second; the session goes on', async () => {
    const running = collect(session, 'SELECT pg_sleep(30)');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cancelledAt = performance.now();
    const outcome = assert.rejects(running, QueryCancelledError);
    await session.cancel();
    await outcome;
    const answeredMs = performance.now() - cancelledAt;
    assert.ok(answeredMs < 1000, `answered after ${answeredMs.toFixed(0)} ms`);
    assert.deepEqual((await collect(session, 'SELECT 1')).rows, [['1']]);
  });

  test('inside a transaction, cancel aborts it as psql would; ROLLBACK recovers', async () => {
    await execute(session, 'BEGIN');
    const running = collect(session, 'SELECT pg_sleep(30)');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const outcome = assert.rejects(running, QueryCancelledError);
    await session.cancel();
    await outcome;
    await assert.rejects(collect(session, 'SELECT 1'), (error: unknown) => error instanceof DatabaseError && error.sqlState === '25P02');
    await execute(session, 'ROLLBACK');
    assert.deepEqual((await collect(session, 'SELECT 1')).rows, [['1']]);
  });

  test('cancel with nothing running is harmless', async () => {
    await session.cancel();
    assert.deepEqual((await collect(session, 'SELECT 2')).rows, [['2']]);
  });
});

describe('connect errors', () => {
  const failure = async (changes: Partial<PostgresTarget>): Promise<ConnectError> => {
    const error = await postgresFactory.connect(targetFor(changes)).then(
      async (unexpected) => {
        await unexpected.close();
        return null;
      },
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConnectError, `expected ConnectError, got ${String(error)}`);
    return error;
  };

  test('wrong password: says so, names user and server, never shows the password', async () => {
    const error = await failure({ password: 'Sesame-42-wrong' });
    assert.equal(error.message, `Password authentication failed for user "postgres" at 127.0.0.1:${server.port}.`);
    assert.ok(!error.message.includes('Sesame'));
  });

  test('no password when one is needed', async () => {
    assert.match((await failure({ password: undefined })).message, /asks for a password for user "postgres", but none was given/);
  });

  test('unknown database', async () => {
    assert.equal((await failure({ database: 'nope' })).message, `Database "nope" does not exist on 127.0.0.1:${server.port}.`);
  });

  test('nothing listening: connection refused', async () => {
    const port = await closedPort();
    assert.match((await failure({ port })).message, new RegExp(`^Connection refused by 127\\.0\\.0\\.1:${port}\\.`));
  });

  test('unknown host', async () => {
    assert.match((await failure({ host: 'no-such-host.invalid' })).message, /^Host "no-such-host\.invalid" not found/);
  });

  test('a server that never answers: timeout after connectTimeoutSeconds', async () => {
    await withSilentServer(async (port) => {
      const started = performance.now();
      const error = await failure({ port, connectTimeoutSeconds: 1, ssl: { mode: 'prefer' } });
      const elapsed = performance.now() - started;
      assert.match(error.message, new RegExp(`^Timed out after 1 s connecting to 127\\.0\\.0\\.1:${port}\\.`));
      assert.ok(elapsed >= 900 && elapsed < 3000, `gave up after ${elapsed.toFixed(0)} ms for a 1 s timeout`);
    });
  });
});

describe('SSL modes', () => {
  let certs: string;
  const sslOf = async (mode: PostgresTarget['ssl']['mode'], extra: Partial<PostgresTarget> = {}, ca?: string) => {
    const connected = await postgresFactory.connect(targetFor({ ssl: { mode, ca }, ...extra }));
    try {
      const probe = await connected.openSession();
      return (await collect(probe, 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]![0];
    } finally {
      await connected.close();
    }
  };
  const pem = (name: string) => execFileSync('cat', [join(certs, name)], { encoding: 'utf8' });

  before(() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
    } catch {
      throw new Error('The SSL tests need the openssl CLI to make test certificates (Debian/Ubuntu: apt-get install openssl).');
    }
    certs = mkdtempSync(join(tmpdir(), 'dbt-certs-'));
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=DB Toolkit test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=keyCertSign');
    openssl('req', '-x509', ...ec, '-keyout', 'other.key', '-out', 'other.crt', '-days', '2', '-subj', '/CN=Some other CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=keyCertSign');
    openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    // The certificate names the IP address only, so "localhost" does not match it.
    execFileSync('sh', ['-c', 'printf "subjectAltName=IP:127.0.0.1\\n" > ext.cnf'], { cwd: certs });
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'ext.cnf');
  });
  after(() => rmSync(certs, { recursive: true, force: true }));

  test('while the server has no SSL: prefer falls back to plain, require fails clearly', async () => {
    assert.equal(await sslOf('prefer'), 'f');
    const error = await postgresFactory.connect(targetFor({ ssl: { mode: 'require' } })).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof ConnectError);
    assert.match(error.message, /does not support SSL, but SSL mode "require" requires it/);
  });

  test('with SSL on: each mode connects (or refuses) as libpq defines it', async () => {
    // Turn SSL on in the running server; the key must belong to the server's OS user.
    const { rows } = await admin.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir");
    const owner = statSync(rows[0]!.dir);
    chmodSync(certs, 0o755);
    for (const file of ['server.crt', 'server.key']) {
      chownSync(join(certs, file), owner.uid, owner.gid);
      chmodSync(join(certs, file), file.endsWith('.key') ? 0o600 : 0o644);
    }
    await admin.query(`ALTER SYSTEM SET ssl_cert_file = '${join(certs, 'server.crt')}'`);
    await admin.query(`ALTER SYSTEM SET ssl_key_file = '${join(certs, 'server.key')}'`);
    await admin.query('ALTER SYSTEM SET ssl = on');
    await admin.query('SELECT pg_reload_conf()');
    for (let i = 0; (await admin.query('SHOW ssl')).rows[0].ssl !== 'on'; i++) {
      assert.ok(i < 50, 'the server did not turn SSL on (see its log)');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    assert.equal(await sslOf('disable'), 'f');
    assert.equal(await sslOf('prefer'), 't');
    assert.equal(await sslOf('require'), 't');
    assert.equal(await sslOf('verify-ca', {}, pem('ca.crt')), 't');
    assert.equal(await sslOf('verify-full', {}, pem('ca.crt')), 't');
    // verify-ca checks the chain only, so another host name is fine…
    assert.equal(await sslOf('verify-ca', { host: 'localhost' }, pem('ca.crt')), 't');
    // …verify-full also checks the name.
    await assert.rejects(sslOf('verify-full', { host: 'localhost' }, pem('ca.crt')), (error: unknown) => {
      assert.ok(error instanceof ConnectError);
      assert.match(error.message, /SSL certificate is not valid for host "localhost"/);
      return true;
    });
    // A certificate from another CA, or none given (the system's CAs do not know ours).
    await assert.rejects(sslOf('verify-ca', {}, pem('other.crt')), /SSL certificate verification failed for 127\.0\.0\.1:\d+ \(SSL mode verify-ca\)/);
    await assert.rejects(sslOf('verify-full'), /SSL certificate verification failed/);
  });
});

describe('a catalog of 10,000 tables', () => {
  before(async () => {
    await admin.query('CREATE DATABASE many');
    const many = new pg.Client({ connectionString: server.url.replace(/\/postgres$/, '/many') });
    await many.connect();
    try {
      await many.query('CREATE SCHEMA wide');
      // Several transactions: one would run out of lock slots.
      for (let from = 1; from <= 10_000; from += 1000) {
        await many.query(`DO $$ BEGIN FOR i IN ${from}..${from + 999} LOOP
          EXECUTE format('CREATE TABLE wide.t_%s (id integer PRIMARY KEY, label text)', lpad(i::text, 5, '0'));
        END LOOP; END $$`);
      }
    } finally {
      await many.end();
    }
  });

  test('lists every table page by page, searches and bounds completion', async () => {
    const wide = await postgresFactory.connect(targetFor({ database: 'many' }));
    try {
      const names: string[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await wide.listObjects('wide', { offset, limit: 500 });
        assert.equal(page.total, 10_000);
        if (page.objects.length === 0) break;
        names.push(...page.objects.map((o) => o.name));
      }
      assert.equal(names.length, 10_000);
      assert.equal(new Set(names).size, 10_000);
      assert.deepEqual(names, [...names].sort());
      assert.equal(names[0], 't_00001');
      assert.equal(names.at(-1), 't_10000');

      const search = await wide.listObjects('wide', { search: 'T_0999', limit: 50 });
      assert.equal(search.total, 10);
      assert.deepEqual(search.objects.map((o) => o.name), Array.from({ length: 10 }, (_, i) => `t_0999${i}`));
      assert.equal((await wide.searchObjects('t_10000', 5))[0]?.name, 't_10000');

      const completion = await wide.completionSchema(5000);
      assert.equal(completion.tables.length, 5000);
      assert.equal(completion.truncated, true);
      assert.deepEqual(completion.tables[0], { schema: 'wide', name: 't_00001', columns: ['id', 'label'] });
      assert.deepEqual((await wide.listSchemas()).find((s) => s.name === 'wide'), { name: 'wide', objectCount: 10_000 });
    } finally {
      await wide.close();
    }
  });
});

describe('cells', () => {
  before(async () => {
    await execute(
      session,
      "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
      'CREATE DOMAIN positive AS integer CHECK (VALUE > 0)',
      `CREATE TABLE kinds (i2 int2, i4 int4, i8 int8, num numeric, f4 float4, f8 float8, b bool, t text, vc varchar(20), ch char(5),
         by bytea, d date, tm time, tz timestamptz, ts timestamp, iv interval, u uuid, j json, jb jsonb, ai int[], at text[],
         ip inet, net cidr, mac macaddr, m money, e mood, r int4range, p point, bits varbit, tsv tsvector, x xml, dom positive)`,
      `INSERT INTO kinds VALUES
        (1, 2147483647, 9223372036854775807, 123456789012345678901234567890.123456789, 3.14159, 1 / 3::float8, true, 'ünïcödé 😀 中文',
         'varchar', 'ab', '\\xdeadbeef', '2024-02-29', '13:45:30.123456', '2024-02-29 13:45:30.5+02', '2024-02-29 13:45:30',
         '1 year 2 mons 3 days 04:05:06.7', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2.50]}', '{"b": 1, "a": [1, 2.50]}',
         '{1,NULL,3}', '{"with space","quo\\"te",NULL,""}', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', 1234.56, 'happy',
         '[1,10)', '(1.5,2)', B'1011', 'a fat cat sat on the mat', '<a>1</a>', 7),
        (-32768, -2147483648, -9223372036854775808, 'NaN', 'Infinity', '-0', false, E'line 1\\nline 2\\ttab|pipe,comma',
         '', 'abcde', '\\x', '0001-01-01 BC', '00:00', 'infinity', '-infinity', '-1 day', NULL, 'null', '[]', '{}', '{}',
         '::1', '::/0', NULL, -0.01, 'sad', 'empty', '(0,0)', B'', '', NULL, 1),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
    );
  });

  const queries = [
    'SELECT * FROM kinds',
    "SELECT 1.0 / 3, 2 ^ 70::numeric, 10::float4 / 3, 0.1::float8 + 0.2, 1e300::float8, 1e-10::float8, 'NaN'::float8, ARRAY[[1, 2], [3, 4]], ROW(1, 'a b', NULL), '{}'::int[], interval '-1 day 02:00', 'infinity'::timestamp",
    "SELECT to_char(date '2024-02-29', 'Dy DD Mon YYYY'), date '2024-02-29' + 1, timestamptz '2024-06-01 12:00 UTC', now() - now(), 42::oid, 'x'::name, 'pg_class'::regclass, B'101' | B'010', ' padded '",
  ];
  for (const sql of queries) {
    test(`equal what psql prints: ${sql.slice(0, 60)}…`, async () => {
      assert.deepEqual((await collect(session, sql)).rows, psqlRows({ ...server, database: 'drivertest' }, sql));
    });
  }

  test('result columns carry pg_type names; numbers are marked numeric', async () => {
    const { columns } = await collect(session, "SELECT 1::int2, 1::int8, 1.5::float4, 2.5::numeric, 'x'::varchar, ARRAY[1, 2], '{}'::text[], true, now(), '{}'::jsonb, 1::money, 7::positive, 'ok'::mood");
    assert.deepEqual(columns?.map((c) => [c.type, c.numeric]), [
      ['int2', true], ['int8', true], ['float4', true], ['numeric', true], ['varchar', false], ['int4[]', false], ['text[]', false],
      // A domain's values are described by their base type.
      ['bool', false], ['timestamptz', false], ['jsonb', false], ['money', false], ['int4', true], ['mood', false],
    ]);
  });
});

describe('statements', () => {
  test('a paused consumer pauses the query: the server computes one fetch ahead of what was pulled, no more', async () => {
    await execute(session, 'CREATE SEQUENCE pulled');
    // Sequences are not transactional: another connection sees how many rows were computed.
    const watcher = new pg.Client({ connectionString: server.url.replace(/\/postgres$/, '/drivertest') });
    await watcher.connect();
    const iterator = session.run("SELECT nextval('pulled') FROM generate_series(1, 1000000)", { batchSize: 100 })[Symbol.asyncIterator]();
    try {
      const produced = async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return Number((await watcher.query('SELECT last_value FROM pulled')).rows[0].last_value);
      };
      // The first fetch is one batch (the first rows come fast); later ones 16 batches of these small rows.
      await iterator.next(); // columns, with the first fetch: rows 1–100
      await iterator.next(); // rows 1–100, while 101–1700 are fetched
      assert.equal(await produced(), 1700);
      await iterator.next(); // rows 101–200, while 1701–3300 are fetched
      assert.equal(await produced(), 3300);
      await iterator.next(); // rows 201–300: already fetched, nothing more is computed
      assert.equal(await produced(), 3300);
    } finally {
      await iterator.return?.(undefined);
      await watcher.end();
    }
  });

  test('breaking out inside a transaction closes the portal; the transaction carries on', async () => {
    await execute(session, 'CREATE TABLE ledger (n integer)', 'BEGIN', 'INSERT INTO ledger VALUES (1)');
    for await (const event of session.run('SELECT g FROM generate_series(1, 100000) g', { batchSize: 100 })) if (event.kind === 'rows') break;
    await execute(session, 'INSERT INTO ledger VALUES (2)', 'COMMIT');
    assert.deepEqual((await collect(session, 'SELECT n FROM ledger ORDER BY n')).rows, [['1'], ['2']]);
  });

  test('errors: message with DETAIL, SQLSTATE, and the position counted in JavaScript characters', async () => {
    const sql = "SELECT '😀😀', nope";
    const error = await collect(session, sql).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof DatabaseError);
    assert.equal(error.position, sql.indexOf('nope'));
    assert.equal(error.sqlState, '42703');
    await execute(session, 'CREATE TABLE uniq (id integer PRIMARY KEY)', 'INSERT INTO uniq VALUES (1)');
    const duplicate = await collect(session, 'INSERT INTO uniq VALUES (1)').then(() => null, (e: unknown) => e);
    assert.ok(duplicate instanceof DatabaseError);
    assert.equal(duplicate.message, 'duplicate key value violates unique constraint "uniq_pkey"\nDETAIL: Key (id)=(1) already exists.');
    assert.equal(duplicate.sqlState, '23505');
  });

  test('commands: MERGE and INSERT … RETURNING count rows; VACUUM and LISTEN run', async () => {
    await execute(session, 'CREATE TABLE stock (id integer PRIMARY KEY, n integer)');
    const inserted = await collect(session, 'INSERT INTO stock VALUES (1, 1), (2, 2) RETURNING id');
    assert.deepEqual(inserted.rows, [['1'], ['2']]);
    assert.deepEqual(inserted.done, { kind: 'done', rowCount: 2, affectedRows: 2, command: 'INSERT' });
    const merged = await collect(session, 'MERGE INTO stock s USING (VALUES (2, 5), (3, 3)) v(id, n) ON s.id = v.id WHEN MATCHED THEN UPDATE SET n = v.n WHEN NOT MATCHED THEN INSERT VALUES (v.id, v.n)');
    assert.deepEqual(merged.done, { kind: 'done', rowCount: 0, affectedRows: 2, command: 'MERGE' });
    assert.equal((await collect(session, 'VACUUM stock')).done?.command, 'VACUUM');
    assert.equal((await collect(session, 'LISTEN channel')).done?.command, 'LISTEN');
  });

  test('COPY to or from the client is refused with an explanation, quickly, and the session goes on', async () => {
    const started = performance.now();
    // generate_series in the select list streams (in FROM it would be materialized first).
    await assert.rejects(collect(session, 'COPY (SELECT generate_series(1, 500000000)) TO STDOUT'), /COPY … TO STDOUT sends its rows to a client program/);
    assert.ok(performance.now() - started < 5000, 'the COPY was not stopped');
    await assert.rejects(collect(session, 'COPY stock FROM STDIN'), /COPY … FROM STDIN needs a client that sends the data/);
    assert.deepEqual((await collect(session, 'SELECT count(*) FROM stock')).rows, [['3']]);
  });

  test('a lost connection is reported once, then the session reconnects (without its state)', async () => {
    await execute(session, 'CREATE TEMP TABLE remembered (x integer)');
    const [[pid]] = (await collect(session, 'SELECT pg_backend_pid()')).rows as [[string]];
    await admin.query('SELECT pg_terminate_backend($1)', [Number(pid)]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await assert.rejects(collect(session, 'SELECT 1'), /The connection to the server was lost .* the next statement runs on a new connection/);
    assert.deepEqual((await collect(session, 'SELECT 1')).rows, [['1']]);
    await assert.rejects(collect(session, 'SELECT * FROM remembered'), /relation "remembered" does not exist/);
  });
});
