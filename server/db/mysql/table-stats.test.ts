// Row counts and checksums against a real MariaDB: new ones sum each row's CRC32; a verify
// measures each table the way its recorded checksum was made (backups from before, with
// MD5, included); the checksum moves when the data does, not when the physical order does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import mysql from 'mysql2/promise';
import { startMariadb, type TestMariadb } from '../../testing/mariadb.ts';
import { measureTables } from './table-stats.ts';

let server: TestMariadb;
let connection: mysql.Connection;
before(async () => {
  server = await startMariadb({ database: 'shop' });
  server.rootSql(`USE shop; CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50), price DECIMAL(8,2), photo BLOB, seen DATETIME(3), ratio DOUBLE);
    INSERT INTO items SELECT seq, CONCAT('item ', seq), seq * 1.25, IF(seq % 3 = 0, NULL, UNHEX('00FF')), '2026-01-01 10:00:00.125' + INTERVAL seq HOUR, 1 / seq FROM seq_1_to_40;`);
  connection = await mysql.createConnection({ uri: server.url, rowsAsArray: true });
});
after(async () => {
  await connection.end();
  await server.stop();
});

const ITEMS = { schema: 'shop', name: 'items' };

test('a new checksum sums CRC32s; one recorded with MD5 is measured with MD5 again', async () => {
  const [recorded] = await measureTables(connection, 'shop', [ITEMS]);
  assert.equal(recorded!.rows, 40);
  assert.match(recorded!.checksum, /^c:\d+$/);
  // What a backup made before CRC32 recorded: a verify of it must make the same sum.
  const columns = ['id', 'name', 'price', 'photo', 'seen', 'ratio'].map((c) => `IFNULL(HEX(CAST(\`${c}\` AS BINARY)), 'N')`).join(', ');
  const [md5] = await connection.query(`SELECT COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', ${columns})), 15), 16, 10) AS UNSIGNED)), 0) FROM shop.items`);
  const md5Checksum = String((md5 as [string][])[0]![0]);
  const [again, old] = await measureTables(connection, 'shop', [recorded!, { ...ITEMS, rows: 40, checksum: md5Checksum }]);
  assert.deepEqual(again, recorded);
  assert.deepEqual(old, { ...ITEMS, rows: 40, checksum: md5Checksum });
});

test('the physical order does not change a checksum; a changed value does', async () => {
  const [recorded] = await measureTables(connection, 'shop', [ITEMS]);
  await connection.query('ALTER TABLE shop.items ORDER BY name'); // rewrites the table
  assert.deepEqual(await measureTables(connection, 'shop', [recorded!]), [recorded]);
  await connection.query("UPDATE shop.items SET seen = seen + INTERVAL 1000 MICROSECOND WHERE id = 7");
  const [changed] = await measureTables(connection, 'shop', [recorded!]);
  assert.equal(changed!.rows, 40);
  assert.notEqual(changed!.checksum, recorded!.checksum);
});
