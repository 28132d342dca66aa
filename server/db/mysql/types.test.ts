// Cells are what `mariadb -B -N` prints, cell by cell, for every type — the known traps
// included: unsigned BIGINT max (no rounding), DECIMAL, FLOAT text, TIMESTAMP in the
// session time zone (not shifted by the client's), zero dates, negative and >24 h TIME,
// BIT, ENUM/SET, JSON, emoji, NULL. Binary values: the client prints their raw bytes; we
// show the same bytes as 0x… hex. Duplicate column names survive (rows are arrays).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { startMariadb, type TestMariadb } from '../../testing/mariadb.ts';
import { collect, execute } from '../../testing/query-results.ts';
import type { Driver, QuerySession } from '../driver.ts';
import { connect } from '../index.ts';

const TABLE = `CREATE TABLE every_type (
  id INT PRIMARY KEY,
  ti TINYINT, si SMALLINT UNSIGNED, mi MEDIUMINT, i INT, bi BIGINT, ubi BIGINT UNSIGNED,
  dec1 DECIMAL(30,10), f FLOAT, d DOUBLE,
  dt DATE, dtm DATETIME(6), ts TIMESTAMP NULL, tm TIME(3), y YEAR,
  b BIT(10), e ENUM('small','large'), st SET('a','b','c'), j JSON,
  txt TEXT, vc VARCHAR(100), ch CHAR(5),
  bin BINARY(4), vb VARBINARY(10), bl BLOB
) DEFAULT CHARSET=utf8mb4`;

const ROWS = [
  `INSERT INTO every_type VALUES (1, -128, 65535, -8388608, -2147483648, -9223372036854775808, 18446744073709551615,
    12345678901234567890.0123456789, 3.14159, 0.1, '2024-02-29', '2024-02-29 23:59:59.123456', '2024-06-30 12:00:00', '-838:59:59.000', 2155,
    b'1010101010', 'large', 'a,c', '{"k": [1, 2.50, "x"], "big": 12345678901234567890}',
    'emoji 😀 and tab\\there', 'naïve — ünïcode', 'ab', 0x00FF10AB, 0x0A090D5C00, 0xDEADBEEF)`,
  `INSERT INTO every_type VALUES (2, 0, 0, 0, 0, 0, 0, 0, 1e20, 1.7976931348623157e308, '0000-00-00', '0000-00-00 00:00:00', '1970-01-01 00:00:01', '100:00:00.5', 1901,
    b'0', 'small', '', 'null', '', '', '', 0x00000000, '', '')`,
  `INSERT INTO every_type VALUES (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1.5e-7, 2.2250738585072014e-308, NULL, NULL, NULL, '00:00:00', NULL,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
];

let server: TestMariadb;
let driver: Driver;
let session: QuerySession;

before(async () => {
  server = await startMariadb();
  // Zero dates need a permissive sql_mode, as old applications have.
  server.rootSql(`SET GLOBAL sql_mode = 'ALLOW_INVALID_DATES'; SET GLOBAL time_zone = '+05:30';`);
  driver = await connect({ engine: 'mysql', host: server.host, port: server.port, user: server.user, password: server.password, database: server.database, ssl: { mode: 'disable' }, connectTimeoutSeconds: 10 });
  session = await driver.openSession();
  await execute(session, TABLE, ...ROWS);
});

after(async () => {
  await driver?.close();
  await server?.stop();
});

/** The client's batch output, split into cells; escaped bytes (\\t, \\n, \\0, \\\\) restored; NULL as null. */
function cliCells(sql: string, binaryColumns: Set<number>): (string | null)[][] {
  const result = spawnSync(server.client, ['--no-defaults', '-uroot', `--socket=${server.socket}`, '--default-character-set=utf8mb4', '-D', server.database, '-B', '-N', '-e', sql]);
  assert.equal(result.status, 0, result.stderr.toString());
  const lines = splitBytes(result.stdout, 0x0a).slice(0, -1);
  return lines.map((line) =>
    splitBytes(line, 0x09).map((cell, index) => {
      if (cell.toString('latin1') === 'NULL') return null;
      const bytes = unescape(cell);
      return binaryColumns.has(index) ? `0x${bytes.toString('hex').toUpperCase()}` : bytes.toString('utf8');
    }),
  );
}

function splitBytes(buffer: Buffer, separator: number): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= buffer.length; i++) {
    if (i === buffer.length || buffer[i] === separator) {
      parts.push(buffer.subarray(start, i));
      start = i + 1;
    }
  }
  return parts;
}

function unescape(cell: Buffer): Buffer {
  const out: number[] = [];
  const escapes: Record<number, number> = { 0x74: 0x09, 0x6e: 0x0a, 0x30: 0x00, 0x5c: 0x5c };
  for (let i = 0; i < cell.length; i++) {
    if (cell[i] === 0x5c && i + 1 < cell.length && escapes[cell[i + 1]!] !== undefined) out.push(escapes[cell[++i]!]!);
    else out.push(cell[i]!);
  }
  return Buffer.from(out);
}

test('every cell equals what `mariadb -B -N` prints', async () => {
  const sql = 'SELECT * FROM every_type ORDER BY id';
  const result = await collect(session, sql);
  const binary = new Set(result.columns!.flatMap((c, index) => (/binary|blob|^bit/.test(c.type) ? [index] : [])));
  assert.deepEqual([...binary].map((i) => result.columns![i]!.name), ['b', 'bin', 'vb', 'bl']);
  const expected = cliCells(sql, binary);
  assert.equal(result.rows.length, 3);
  for (const [r, row] of expected.entries()) {
    for (const [c, cell] of row.entries()) assert.equal(result.rows[r]![c], cell, `row ${r + 1}, column ${result.columns![c]!.name}`);
  }
  // The traps, spelled out.
  const first = result.rows[0]!;
  const at = (name: string, row = first) => row[result.columns!.findIndex((c) => c.name === name)];
  assert.equal(at('ubi'), '18446744073709551615');
  assert.equal(at('bi'), '-9223372036854775808');
  assert.equal(at('dec1'), '12345678901234567890.0123456789');
  assert.equal(at('f'), '3.14159');
  assert.equal(at('ts'), '2024-06-30 12:00:00'); // the session's time zone, as the client shows it
  assert.equal(at('tm'), '-838:59:59.000');
  assert.equal(at('b'), '0x02AA');
  assert.equal(at('vb'), '0x0A090D5C00');
  assert.equal(at('txt'), 'emoji 😀 and tab\there');
  assert.equal(at('dt', result.rows[1]), '0000-00-00');
  assert.equal(at('tm', result.rows[1]), '100:00:00.500');
  assert.equal(at('bi', result.rows[2]), null);
});

test('column types and alignment', async () => {
  const { columns } = await collect(session, 'SELECT ubi, dec1, f, dt, ts, tm, b, e, st, j, txt, vc, bin, bl FROM every_type WHERE id = 0');
  assert.deepEqual(columns!.map((c) => `${c.name}:${c.type}${c.numeric ? ' #' : ''}`), [
    'ubi:bigint unsigned #', 'dec1:decimal #', 'f:float #', 'dt:date', 'ts:timestamp', 'tm:time', 'b:bit', 'e:enum', 'st:set', 'j:json',
    'txt:text', 'vc:varchar', 'bin:binary', 'bl:blob',
  ]);
});

test('duplicate column names are all kept', async () => {
  const result = await collect(session, 'SELECT 1 AS x, 2 AS x, id, id FROM every_type WHERE id = 1');
  assert.deepEqual(result.columns!.map((c) => c.name), ['x', 'x', 'id', 'id']);
  assert.deepEqual(result.rows, [['1', '2', '1', '1']]);
});

test('rows travel as the bytes the server sent, in batches, exactly as cells', async () => {
  const events: { count: number | undefined; rows: (string | null)[][] }[] = [];
  for await (const event of session.run('SELECT id, txt, vb, j, bi FROM every_type ORDER BY id', { batchSize: 2 })) {
    if (event.kind === 'rows') events.push({ count: event.packed?.count, rows: event.rows });
  }
  assert.deepEqual(events.map((e) => e.count), [2, 1]);
  assert.deepEqual(events.flatMap((e) => e.rows), [
    ['1', 'emoji 😀 and tab\there', '0x0A090D5C00', '{"k": [1, 2.50, "x"], "big": 12345678901234567890}', '-9223372036854775808'],
    ['2', '', '0x', 'null', '0'],
    ['3', null, null, null, null],
  ]);
  // Cells of 251 bytes and more have longer length prefixes (2 and 3 bytes here).
  const long = await collect(session, "SELECT REPEAT('é', 200) AS a, REPEAT('y', 70000) AS b, UNHEX(REPEAT('AB', 300)) AS c, NULL AS d");
  assert.deepEqual(long.rows, [['é'.repeat(200), 'y'.repeat(70000), `0x${'AB'.repeat(300)}`, null]]);
});

test('a cell holding a separator byte, and a result in another character set, still read exactly', async () => {
  const reserved = "CONVERT(CHAR(31, 30, 0) USING utf8mb4)";
  const result = await collect(session, `SELECT 'plain' AS c UNION ALL SELECT CONCAT('a', ${reserved}, 'b') UNION ALL SELECT 'after'`);
  assert.deepEqual(result.rows, [['plain'], ['a\x1f\x1e\x00b'], ['after']]);
  await execute(session, 'SET character_set_results = latin1');
  try {
    assert.deepEqual((await collect(session, "SELECT 'naïve ü' AS t, 7 AS n")).rows, [['naïve ü', '7']]);
  } finally {
    await execute(session, 'SET character_set_results = utf8mb4');
  }
});
