// What is particular to the SQLite driver: cells as the sqlite3 CLI prints them, error
// positions derived from SQLite's messages, read-only mode, work kept off the event loop,
// and cancel of a statement stuck inside SQLite. Shared behaviour: contract.test.ts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { sqlite3Rows } from '../testing/cli.ts';
import { childPids, waitUntilGone } from '../testing/processes.ts';
import { collect, execute } from '../testing/query-results.ts';
import type { Driver, QuerySession } from './driver.ts';
import { ConnectError, DatabaseError, QueryCancelledError } from './errors.ts';
import { sqliteFactory } from './sqlite.ts';

let dir: string;
let file: string;
let driver: Driver;
let session: QuerySession;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dbt-sqlite-'));
  file = join(dir, 'test.db');
  const db = new Database(file);
  db.exec(`
    CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT);
    INSERT INTO t VALUES (1, 'one'), (2, 'two');
    CREATE TABLE values_table (i INTEGER, r REAL, s TEXT, d DATE, flag BOOLEAN);
    INSERT INTO values_table VALUES
      (0, 0.5, '', '2024-02-29', 1),
      (-1, -2.25, 'O''Brien', '2024-02-29 13:45:00', 0),
      (9223372036854775807, 19.99, 'line 1' || char(10) || 'line 2', NULL, NULL),
      (-9223372036854775808, 1e20, 'tab' || char(9) || 'bar|pipe,comma"quote', '1999-12-31T23:59:59Z', 1),
      (9007199254740993, 1.5e-7, 'ünïcödé 😀 中文', NULL, NULL),
      (NULL, 100.0, NULL, NULL, NULL),
      (42, 0.1, '12.50', NULL, NULL);
  `);
  db.close();
  driver = await sqliteFactory.connect({ engine: 'sqlite', file, readOnly: false });
  session = await driver.openSession();
});
after(async () => {
  await driver?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cells', () => {
  const queries = [
    'SELECT * FROM values_table',
    'SELECT i / 2 + 1, r * 2, length(s), upper(s), typeof(i), typeof(r) FROM values_table',
    "SELECT 7 / 2, 7 / 2.0, 1 = 1, round(2.5), CAST('12.50' AS REAL), abs(-3), max(1, 2.5), hex(x'00ff'), 'a' || NULL",
    "SELECT printf('%.3f', 2.0 / 3), date('2024-02-29', '+1 year'), datetime('2024-01-01 10:00:00', '+90 minutes'), strftime('%Y-%m', '2024-07-04')",
    "SELECT json_object('a', 1, 'b', 'x', 'c', json_array(1.5, NULL)), json_extract('{\"n\": 12.25}', '$.n')",
    'SELECT count(*), sum(i), total(r), min(s), max(d), group_concat(a) FROM values_table LEFT JOIN t ON t.a = values_table.flag',
  ];
  for (const sql of queries) {
    test(`equal what the sqlite3 CLI prints: ${sql}`, async () => {
      assert.deepEqual((await collect(session, sql)).rows, sqlite3Rows(file, sql));
    });
  }

  test('reals are exact: SQLite’s own shortest round-trip text, never rounded to 15 digits', async () => {
    // The sqlite3 CLI prints sqlite3_column_text(); since SQLite 3.43 that keeps up to 17
    // significant digits (an older CLI, such as Debian's 3.40, prints 15: 0.333333333333333).
    const values = ['1 / 3.0', '0.1 + 0.2', 'pi()', '1e15', '9007199254740993.0', '4.9e-324', '1.7976931348623157e308', '-0.0', '1e999', '-1e999'];
    const sql = `SELECT ${values.join(', ')}`;
    const [cells] = (await collect(session, sql)).rows;
    const memory = new Database(':memory:');
    const own = memory.prepare(`SELECT ${values.map((v) => `CAST(${v} AS TEXT)`).join(', ')}`).raw().get() as string[];
    const doubles = memory.prepare(sql).raw().get() as number[];
    memory.close();
    assert.deepEqual(cells, own);
    cells!.forEach((cell, i) => {
      const expected = doubles[i]!;
      const parsed = cell === 'Inf' ? Infinity : cell === '-Inf' ? -Infinity : Number(cell);
      assert.ok(parsed === expected, `${values[i]} printed as ${cell}, which reads back as ${parsed}, not ${expected}`);
    });
    assert.equal(cells![0], '0.33333333333333332');
  });

  test('reals of every magnitude print exactly as SQLite renders them', async () => {
    // 60,000 doubles: short decimals (where the driver computes SQLite's text itself),
    // long ones, powers of ten, subnormals, huge and tiny exponents.
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 2654435761) + 0x9e3779b9) >>> 0) / 4294967296);
    const values: number[] = [];
    for (let i = 0; i < 40_000; i++) {
      const digits = 1 + Math.floor(random() * 16);
      values.push(Number(`${Math.floor(random() * 10 ** digits)}e${Math.floor(random() * 600) - 300}`) * (random() < 0.5 ? -1 : 1));
    }
    for (let i = 0; i < 10_000; i++) values.push(Math.round(random() * 1e7) / 100, random() * 10 ** (Math.floor(random() * 40) - 20));
    for (let k = -323; k <= 308; k++) values.push(Number(`1e${k}`), Number(`9.5e${k}`));
    values.push(5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, 2 ** 53, 0.1, 0.3);
    const db = new Database(file);
    db.exec('CREATE TABLE reals (r REAL)');
    const insert = db.prepare('INSERT INTO reals VALUES (?)');
    db.transaction(() => values.forEach((v) => insert.run(v)))();
    db.close();
    const { rows } = await collect(session, 'SELECT r, CAST(r AS TEXT) FROM reals', 5000);
    assert.equal(rows.length, values.length);
    const differing = rows.filter(([ours, sqlites]) => ours !== sqlites);
    assert.deepEqual(differing.slice(0, 5), [], `${differing.length} reals differ from SQLite's text`);
  });

  test('integers keep all 64 bits', async () => {
    const { rows } = await collect(session, 'SELECT 9007199254740993, -9223372036854775808, 9223372036854775807');
    assert.deepEqual(rows, [['9007199254740993', '-9223372036854775808', '9223372036854775807']]);
  });

  test("blobs print as SQL literals, like quote(): X'…'", async () => {
    const { rows } = await collect(session, "SELECT x'00ff10', quote(x'00ff10'), x'', CAST('hi' AS BLOB)");
    assert.deepEqual(rows, [["X'00FF10'", "X'00FF10'", "X''", "X'6869'"]]);
  });

  test('result columns: declared types, else the type of the first value', async () => {
    const { columns } = await collect(session, "SELECT a, b, a * 1.5, 'x' || a, x'00', NULL, count(*) OVER () FROM t");
    assert.deepEqual(columns, [
      { name: 'a', type: 'INTEGER', numeric: true },
      { name: 'b', type: 'TEXT', numeric: false },
      { name: 'a * 1.5', type: 'REAL', numeric: true },
      { name: "'x' || a", type: 'TEXT', numeric: false },
      { name: "x'00'", type: 'BLOB', numeric: false },
      { name: 'NULL', type: '', numeric: false },
      { name: 'count(*) OVER ()', type: 'INTEGER', numeric: true },
    ]);
    const declared = await collect(session, 'SELECT d, flag, r FROM values_table LIMIT 1');
    assert.deepEqual(declared.columns?.map((c) => [c.type, c.numeric]), [['DATE', false], ['BOOLEAN', false], ['REAL', true]]);
  });
});

describe('errors', () => {
  const positionOf = async (sql: string) => {
    const error = await collect(session, sql).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof DatabaseError, `expected a DatabaseError for ${sql}, got ${String(error)}`);
    return error;
  };

  test('syntax errors point at the token SQLite names', async () => {
    assert.equal((await positionOf('SELEC * FROM t')).position, 0);
    assert.equal((await positionOf("SELECT 'abc FROM t")).position, 7);
    // The same token several times: the one where parsing failed.
    const parens = 'SELECT (1), (2), (3)) FROM t';
    assert.equal((await positionOf(parens)).position, parens.indexOf('))') + 1);
    const words = "SELECT 'FROM' /* FROM */ FROM FROM t";
    assert.equal((await positionOf(words)).position, words.lastIndexOf('FROM'));
  });

  test('incomplete input points at the end', async () => {
    const sql = 'SELECT * FROM t WHERE (a = 1';
    assert.equal((await positionOf(sql)).position, sql.length);
  });

  test('unknown names point at the name when it occurs once, else nowhere', async () => {
    assert.equal((await positionOf('SELECT nope FROM t')).position, 7);
    assert.equal((await positionOf('SELECT a FROM nope')).position, 14);
    assert.equal((await positionOf('SELECT nope FROM t WHERE nope = 1')).position, null);
  });

  test('constraint errors carry SQLite’s extended code and no position', async () => {
    const error = await positionOf("INSERT INTO t VALUES (1, 'again')");
    assert.match(error.message, /UNIQUE constraint failed: t\.a/);
    assert.equal(error.sqlState, 'SQLITE_CONSTRAINT_PRIMARYKEY');
    assert.equal(error.position, null);
  });

  test('foreign keys are enforced in sessions', async () => {
    await execute(session, 'CREATE TABLE parent (id INTEGER PRIMARY KEY)', 'CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))');
    assert.match((await positionOf('INSERT INTO child VALUES (7)')).message, /FOREIGN KEY constraint failed/);
  });

  test('one statement per run, and not an empty one', async () => {
    assert.match((await positionOf('SELECT 1; SELECT 2')).message, /more than one statement/);
    assert.match((await positionOf('-- nothing here')).message, /Nothing to run/);
  });
});

describe('connecting', () => {
  test('a missing file, a directory, a non-database file and a relative path are ConnectErrors', async () => {
    await assert.rejects(sqliteFactory.connect({ engine: 'sqlite', file: join(dir, 'missing.db'), readOnly: false }), (error: unknown) => {
      assert.ok(error instanceof ConnectError);
      assert.match(error.message, /not found: .*missing\.db/);
      return true;
    });
    mkdirSync(join(dir, 'folder.db'));
    await assert.rejects(sqliteFactory.connect({ engine: 'sqlite', file: join(dir, 'folder.db'), readOnly: false }), /is a directory/);
    writeFileSync(join(dir, 'notes.txt'), 'This is not a database, just some text that is long enough to have a header. '.repeat(20));
    await assert.rejects(sqliteFactory.connect({ engine: 'sqlite', file: join(dir, 'notes.txt'), readOnly: false }), /not an SQLite database/);
    await assert.rejects(sqliteFactory.connect({ engine: 'sqlite', file: 'relative.db', readOnly: false }), /absolute path/);
  });

  test('devices and kernel files are refused, not opened as empty databases', async () => {
    for (const [file, reason] of [['/dev/null', /not a regular file/], ['/dev/urandom', /not a regular file/], ['/proc/self/environ', /special \(kernel\) file/]] as const) {
      await assert.rejects(sqliteFactory.connect({ engine: 'sqlite', file, readOnly: true }), (error: unknown) => {
        assert.ok(error instanceof ConnectError, String(error));
        assert.match(error.message, reason);
        return true;
      });
    }
  });
});

describe('read-only mode', () => {
  test('reads, but refuses every write, and leaves the file untouched', async () => {
    const digest = () => createHash('sha256').update(readFileSync(file)).digest('hex');
    const before = digest();
    const readOnly = await sqliteFactory.connect({ engine: 'sqlite', file, readOnly: true });
    try {
      const reader = await readOnly.openSession();
      assert.deepEqual((await collect(reader, 'SELECT count(*) FROM t')).rows, [['2']]);
      for (const sql of ["INSERT INTO t VALUES (3, 'three')", 'CREATE TABLE nope (x)', 'DELETE FROM t', 'DROP TABLE t']) {
        await assert.rejects(collect(reader, sql), /readonly database/);
      }
      assert.equal((await readOnly.listObjects('main', { search: 'values_table' })).total, 1);
    } finally {
      await readOnly.close();
    }
    assert.equal(digest(), before);
  });
});

describe('off the event loop', () => {
  test('timers keep firing and metadata answers while a session runs a long query', async () => {
    let last = performance.now();
    let worstGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 10);
    try {
      const started = performance.now();
      const query = collect(session, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 8000000) SELECT count(*) FROM c');
      const page = await driver.listObjects('main');
      const metadataMs = performance.now() - started;
      assert.deepEqual((await query).rows, [['8000000']]);
      const queryMs = performance.now() - started;
      assert.ok(page.total > 0);
      assert.ok(metadataMs < queryMs, 'metadata waited for the session');
      assert.ok(worstGap < 250, `the event loop stalled for ${worstGap.toFixed(0)} ms during a ${queryMs.toFixed(0)} ms query`);
    } finally {
      clearInterval(ticker);
    }
  });
});

describe('cancel inside SQLite', () => {
  test('a long write is stopped and rolled back; the session restarts without its state', async () => {
    await execute(session, 'CREATE TABLE big (x INTEGER)', 'INSERT INTO big VALUES (0)', 'CREATE TEMP TABLE state (x INTEGER)');
    const write = collect(session, 'INSERT INTO big WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000) SELECT x FROM c');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const outcome = assert.rejects(write, (error: unknown) => {
      assert.ok(error instanceof QueryCancelledError);
      assert.match(error.message, /restarting the session: its temporary tables, open transaction/);
      return true;
    });
    await session.cancel();
    await outcome;
    assert.deepEqual((await collect(session, 'SELECT count(*) FROM big')).rows, [['1']]);
    await assert.rejects(collect(session, 'SELECT count(*) FROM state'), /no such table: state/);
    // Nothing left locked: the database takes writes again.
    assert.equal((await collect(session, 'INSERT INTO big VALUES (1)')).done?.affectedRows, 1);
  });
});

describe('a session process that dies', () => {
  test('is reported once, then replaced by a fresh one', async () => {
    const workers = () => childPids().filter((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('sqlite.worker'));
    const before = new Set(workers());
    const own = await driver.openSession();
    try {
      const started = workers().filter((p) => !before.has(p));
      assert.equal(started.length, 1, `expected one new session process, found ${started.join(', ') || 'none'}`);
      const pid = started[0]!;
      process.kill(pid, 'SIGKILL');
      assert.ok(await waitUntilGone(pid, 5000));
      await assert.rejects(collect(own, 'SELECT 1'), /stopped unexpectedly; its temporary tables and open transaction are gone/);
      assert.deepEqual((await collect(own, 'SELECT 1')).rows, [['1']]);
    } finally {
      await own.close();
    }
  });
});
