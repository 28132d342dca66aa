// A session's batches cross from its process as wire bytes (packed-batch.ts): every cell is
// still the sqlite3 CLI's text, across batches, and a cell holding a separator character
// turns its batch back into strings without changing a cell.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { sqlite3Rows } from '../../testing/cli.ts';
import type { Driver, QuerySession } from '../driver.ts';
import { sqliteFactory } from '../sqlite.ts';

let dir: string;
let file: string;
let driver: Driver;
let session: QuerySession;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dbt-sqlite-packed-'));
  file = join(dir, 'test.db');
  const db = new Database(file);
  // Reals k / 8.0 are exact: an older sqlite3 CLI (15 significant digits) prints them alike.
  db.exec(`CREATE TABLE mixed (i INTEGER, r REAL, s TEXT, n);
    INSERT INTO mixed WITH RECURSIVE g(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM g WHERE k < 2501)
    SELECT CASE WHEN k % 5 = 0 THEN 9223372036854775807 - k ELSE k - 1250 END, k / 8.0, 'ünïcödé 😀 ' || k, CASE WHEN k % 3 = 0 THEN NULL ELSE k * 1.5 END FROM g;`);
  db.close();
  driver = await sqliteFactory.connect({ engine: 'sqlite', file, readOnly: true });
  session = await driver.openSession();
});

after(async () => {
  await driver?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function batches(sql: string, batchSize: number) {
  const out: { packed: boolean; rows: (string | null)[][] }[] = [];
  for await (const event of session.run(sql, { batchSize })) if (event.kind === 'rows') out.push({ packed: event.packed !== undefined, rows: event.rows });
  return out;
}

test('batches travel packed, and every cell is what the sqlite3 CLI prints', async () => {
  const sql = 'SELECT i, r, s, n, x\'00CAFE\' FROM mixed';
  const got = await batches(sql, 1000);
  assert.deepEqual(got.map((b) => [b.packed, b.rows.length]), [[true, 1000], [true, 1000], [true, 501]]);
  const cli = sqlite3Rows(file, sql.replace(", x'00CAFE'", ''));
  assert.deepEqual(got.flatMap((b) => b.rows), cli.map((row) => [...row, "X'00CAFE'"]));
});

test('a cell holding a separator character: its batch goes as strings, every cell unchanged', async () => {
  const sql = "SELECT 'plain', 1 UNION ALL SELECT 'a' || char(31) || char(30) || 'b', 2.5 UNION ALL SELECT 'après', NULL";
  const got = await batches(sql, 2);
  assert.deepEqual(got, [
    { packed: false, rows: [['plain', '1'], ['a\x1f\x1eb', '2.5']] },
    { packed: true, rows: [['après', null]] },
  ]);
});
