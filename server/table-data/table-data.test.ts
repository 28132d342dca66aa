// The data explorer against each engine's real database (a temporary SQLite file, a
// throwaway PostgreSQL and MariaDB): paging, sort, filters, the WHERE box, edits and their
// conflicts, a read-only table, and injection attempts. One suite; engines differ only in
// the fixture (their DDL and how they print a few types).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConnectTarget, Driver } from '../db/driver.ts';
import { connect } from '../db/index.ts';
import type { DataView, Filter } from '../protocol/index.ts';
import { startMariadb } from '../testing/mariadb.ts';
import { startPostgres } from '../testing/postgres.ts';
import { tableDataFor } from './engines.ts';
import type { PageFrom } from './query-builder.ts';
import { TableDataService } from './service.ts';

interface Fixture {
  name: string;
  start(): Promise<{ target: ConnectTarget; schema: string; stop(): Promise<void> }>;
  ddl: string[];
  /** A decimal the engine keeps exactly, and how it prints it back. */
  precise: { in: string; out: string };
  /** A timestamp with a zone, and a pattern for how it reads back. */
  timestamp: { in: string; out: RegExp };
  json: { in: string; out: string };
  /** Ends the data explorer's idle connections from the server side (as a restart or an admin would). */
  killIdle?(target: ConnectTarget): Promise<void>;
}

const ITEMS = Array.from({ length: 25 }, (_, i) => {
  const n = i + 1;
  // Prices repeat and some are NULL; categories too, so sorting needs the key as a tie-breaker.
  const price = n % 5 === 0 ? 'NULL' : `${(n % 4) + 1}.50`;
  const cat = n % 3 === 0 ? 'NULL' : String((n % 2) + 1);
  return `(${n}, 'item ${String(n).padStart(2, '0')}', ${price}, ${cat})`;
});

const ddl = (t: { serial: string; text: string; decimal: string; stamp: string; json: string; blob: string; int: string }) => [
  `CREATE TABLE cats (id ${t.int} PRIMARY KEY, label ${t.text} NOT NULL)`,
  "INSERT INTO cats VALUES (1, 'odd'), (2, 'even')",
  `CREATE TABLE items (id ${t.serial}, name ${t.text} NOT NULL, price ${t.decimal}, cat_id ${t.int} REFERENCES cats (id), at ${t.stamp}, doc ${t.json}, data ${t.blob}, note ${t.text})`,
  `INSERT INTO items (id, name, price, cat_id) VALUES ${ITEMS.join(', ')}`,
  `CREATE TABLE heap (a ${t.int}, b ${t.text})`,
  "INSERT INTO heap VALUES (1, 'x'), (1, 'x'), (2, 'y')",
];

const sqlite: Fixture = {
  name: 'SQLite',
  async start() {
    const dir = mkdtempSync(join(tmpdir(), 'dbt-data-'));
    const file = join(dir, 'data.db');
    const { default: Database } = await import('better-sqlite3');
    new Database(file).close();
    return { target: { engine: 'sqlite', file, readOnly: false }, schema: 'main', stop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
  ddl: ddl({ serial: 'INTEGER PRIMARY KEY', text: 'TEXT', decimal: 'TEXT', stamp: 'TEXT', json: 'TEXT', blob: 'BLOB', int: 'INTEGER' }),
  precise: { in: '12345678901234.123456', out: '12345678901234.123456' },
  timestamp: { in: '2024-03-01 12:34:56+02:00', out: /^2024-03-01 12:34:56\+02:00$/ },
  json: { in: '{"a": [1, 2], "b": "é"}', out: '{"a": [1, 2], "b": "é"}' },
};

const postgres: Fixture = {
  name: 'PostgreSQL',
  async start() {
    const server = await startPostgres();
    const target: ConnectTarget = server.target();
    return { target, schema: 'public', stop: () => server.stop() };
  },
  ddl: ddl({ serial: 'serial PRIMARY KEY', text: 'text', decimal: 'numeric(20,6)', stamp: 'timestamptz', json: 'jsonb', blob: 'bytea', int: 'integer' }).concat([
    "SELECT setval('items_id_seq', 25)",
  ]),
  precise: { in: '12345678901234.123456', out: '12345678901234.123456' },
  timestamp: { in: '2024-03-01 12:34:56+02', out: /^2024-03-01 \d\d:34:56[+-]\d\d/ },
  async killIdle(target) {
    if (target.engine !== 'postgres') return;
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database });
    await admin.connect();
    // The explorer's connections end each request with ROLLBACK / COMMIT; the driver's metadata pool does not.
    const killed = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'idle' AND query IN ('ROLLBACK', 'COMMIT')");
    await admin.end();
    assert.ok(killed.rowCount! > 0);
  },
  json: { in: '{"a": [1, 2], "b": "é"}', out: '{"a": [1, 2], "b": "é"}' },
};

const mysql: Fixture = {
  name: 'MariaDB',
  async start() {
    const server = await startMariadb({ database: 'data' });
    const target: ConnectTarget = { engine: 'mysql', host: server.host, port: server.port, user: server.user, password: server.password, database: server.database, ssl: { mode: 'disable' }, connectTimeoutSeconds: 10 };
    return { target, schema: server.database, stop: () => server.stop() };
  },
  ddl: ddl({ serial: 'int AUTO_INCREMENT PRIMARY KEY', text: 'varchar(200)', decimal: 'decimal(20,6)', stamp: 'datetime', json: 'json', blob: 'blob', int: 'int' }),
  precise: { in: '12345678901234.123456', out: '12345678901234.123456' },
  // DATETIME has no zone: the text is kept as written, without it.
  timestamp: { in: '2024-03-01 12:34:56', out: /^2024-03-01 12:34:56$/ },
  async killIdle(target) {
    if (target.engine !== 'mysql') return;
    const { default: mysql2 } = await import('mysql2/promise');
    const admin = await mysql2.createConnection({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database });
    const [sleeping] = await admin.query("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND = 'Sleep' AND USER = ? AND ID <> CONNECTION_ID()", [target.user]);
    for (const { ID } of sleeping as { ID: number }[]) await admin.query(`KILL ${Number(ID)}`);
    await admin.end();
    assert.ok((sleeping as unknown[]).length > 0);
  },
  json: { in: '{"a": [1, 2], "b": "é"}', out: '{"a": [1, 2], "b": "é"}' },
};

for (const fixture of [sqlite, postgres, mysql]) {
  describe(`data explorer: ${fixture.name}`, () => {
    let stop: () => Promise<void>;
    let driver: Driver;
    let service: TableDataService;
    let schema: string;
    let target: ConnectTarget;
    const id = 'conn';

    before(async () => {
      const started = await fixture.start();
      stop = started.stop;
      schema = started.schema;
      target = started.target;
      driver = await connect(started.target);
      const engine = tableDataFor(started.target.engine);
      const connection = await engine.open(started.target as never);
      for (const sql of fixture.ddl) await connection.query(sql, []);
      await connection.close();
      service = new TableDataService({ driver: async () => driver, resolve: () => ({ target: started.target }) });
    });

    after(async () => {
      await service?.close();
      await driver?.close();
      await stop?.();
    });

    const view = (extra: Partial<DataView> = {}, table = 'items'): DataView => ({ schema, table, filters: [], where: '', sort: [], ...extra });
    const page = (extra: Partial<DataView>, from: PageFrom = { at: 'first' }, limit = 200) => service.page(id, view(extra), from, limit);
    const ids = (rows: (string | null)[][]) => rows.map((row) => Number(row[0]));
    const filtered = async (...filters: Filter[]) => ids((await page({ filters })).rows);
    const all = async () => (await page({ sort: [{ column: 'id', descending: false }] }, { at: 'first' }, 1000)).rows;

    test('a table: its key, auto-increment, binary columns and the rows pointing at it', async () => {
      const info = await service.info(id, { schema, table: 'items' });
      assert.deepEqual(info.key, ['id']);
      assert.equal(info.readOnlyReason, null);
      assert.equal(info.columns.find((c) => c.name === 'id')!.autoIncrement, true);
      assert.equal(info.columns.find((c) => c.name === 'data')!.binary, true);
      assert.equal(info.columns.find((c) => c.name === 'name')!.binary, false);
      assert.deepEqual(info.references.map((r) => [r.table, r.columns, r.referencedColumns]), [['cats', ['cat_id'], ['id']]]);
      const cats = await service.info(id, { schema, table: 'cats' });
      assert.deepEqual(cats.referencedBy.map((r) => [r.table, r.columns, r.referencedColumns]), [['items', ['cat_id'], ['id']]]);
    });

    test('keyset paging: first, next, last and previous pages, with the SQL of the view', async () => {
      const first = await page({}, { at: 'first' }, 10);
      assert.deepEqual(ids(first.rows), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.equal(first.more, true);
      assert.deepEqual(first.order, ['id']);
      assert.doesNotMatch(first.statement.sql, /OFFSET/i);
      assert.match(first.text, /^SELECT .*\nFROM .*items/s);
      const next = await page({}, { at: 'after', row: ['10'] }, 10);
      assert.deepEqual(ids(next.rows), [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      assert.deepEqual(next.statement.params, ['10']);
      assert.match(next.text, /\nWHERE \(.*id.* > '10'\)\n/);
      const last = await page({}, { at: 'last' }, 10);
      assert.deepEqual(ids(last.rows), [16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
      assert.equal(last.more, true);
      const previous = await page({}, { at: 'before', row: ['16'] }, 10);
      assert.deepEqual(ids(previous.rows), [6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
      const end = await page({}, { at: 'after', row: ['25'] }, 10);
      assert.deepEqual(end.rows, []);
      assert.equal(end.more, false);
    });

    test('sorting by any columns, with NULLs and ties, pages forward and backward through the same order', async () => {
      for (const sort of [
        [{ column: 'price', descending: true }],
        [{ column: 'price', descending: false }],
        [{ column: 'cat_id', descending: false }, { column: 'name', descending: true }],
        [{ column: 'cat_id', descending: true }, { column: 'price', descending: false }],
      ]) {
        const whole = await page({ sort }, { at: 'first' }, 1000);
        assert.equal(whole.rows.length, 25);
        const cursor = (row: (string | null)[]) => whole.order.map((name) => row[whole.columns.indexOf(name)]!);
        const forward: (string | null)[][] = [];
        let from: PageFrom = { at: 'first' };
        for (let guard = 0; guard < 20; guard++) {
          const p = await page({ sort }, from, 4);
          forward.push(...p.rows);
          if (!p.more) break;
          from = { at: 'after', row: cursor(p.rows[p.rows.length - 1]!) };
        }
        assert.deepEqual(ids(forward), ids(whole.rows), `forward, ${JSON.stringify(sort)}`);
        const backward: (string | null)[][] = [];
        from = { at: 'last' };
        for (let guard = 0; guard < 20; guard++) {
          const p = await page({ sort }, from, 4);
          backward.unshift(...p.rows);
          if (!p.more) break;
          from = { at: 'before', row: cursor(p.rows[0]!) };
        }
        assert.deepEqual(ids(backward), ids(whole.rows), `backward, ${JSON.stringify(sort)}`);
      }
      const byPrice = await page({ sort: [{ column: 'price', descending: true }] }, { at: 'first' }, 3);
      assert.deepEqual(byPrice.order, ['price', 'id']);
    });

    test('filters: equals, contains, range, is null, in list — and combined with the WHERE box', async () => {
      assert.deepEqual(await filtered({ kind: 'equals', column: 'name', value: 'item 07' }), [7]);
      assert.deepEqual(await filtered({ kind: 'contains', column: 'name', value: 'EM 1' }), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
      assert.deepEqual(await filtered({ kind: 'contains', column: 'name', value: '%' }), []);
      assert.deepEqual(await filtered({ kind: 'range', column: 'id', min: '20', max: '22' }), [20, 21, 22]);
      assert.deepEqual(await filtered({ kind: 'range', column: 'id', min: null, max: '2' }), [1, 2]);
      assert.deepEqual(await filtered({ kind: 'null', column: 'price', isNull: true }), [5, 10, 15, 20, 25]);
      assert.equal((await filtered({ kind: 'null', column: 'price', isNull: false })).length, 20);
      assert.deepEqual(await filtered({ kind: 'in', column: 'id', values: ['3', '9', '99'] }), [3, 9]);
      const both = await page({ filters: [{ kind: 'range', column: 'id', min: '1', max: '10' }], where: 'cat_id = 1 -- a comment' });
      assert.deepEqual(ids(both.rows), [2, 4, 8, 10]);
      const quoted = await page({ filters: [{ kind: 'equals', column: 'name', value: 'item 03' }], where: "name <> 'a?b$1' AND name <> '?'" });
      assert.deepEqual(ids(quoted.rows), [3]);
      assert.match(quoted.text, /name[`"]? = 'item 03'/);
      assert.match(quoted.text, /name <> 'a\?b\$1' AND name <> '\?'/);
      assert.deepEqual(await service.count(id, view({ where: 'cat_id = 1' }), false), { count: 8, exact: true });
      assert.deepEqual(await service.count(id, view(), false), { count: 25, exact: true });
    });

    test('injection: values, filters, the WHERE box and column names do nothing harmful', async () => {
      const evil = "x'); DROP TABLE cats; --";
      assert.deepEqual(await filtered({ kind: 'equals', column: 'name', value: evil }), []);
      assert.deepEqual(await filtered({ kind: 'contains', column: 'name', value: evil }), []);
      assert.deepEqual(await filtered({ kind: 'in', column: 'name', values: [evil, "' OR '1'='1"] }), []);
      await assert.rejects(page({ where: '1 = 1; DROP TABLE cats' }), /./);
      await assert.rejects(page({ where: '1 = 1; DELETE FROM items' }), /./);
      await assert.rejects(page({ where: '1 = 1) ; DELETE FROM items WHERE (1 = 1' }), /./);
      await assert.rejects(page({ sort: [{ column: 'id; DROP TABLE cats', descending: false }] }), /is not a column/);
      await assert.rejects(page({ filters: [{ kind: 'equals', column: 'name" = name OR "1', value: '1' }] }), /is not a column/);
      await assert.rejects(service.preview(id, { schema, table: 'items', changes: [{ kind: 'insert', values: { 'name) VALUES (1); --': 'x' } }] }), /is not a column/);
      const inserted = await service.apply(id, { schema, table: 'items', changes: [{ kind: 'insert', values: { name: evil, note: "\\'; --" } }] });
      assert.ok(inserted.ok);
      const row = inserted.inserted[0]!;
      assert.equal(row[1], evil);
      assert.equal(row[7], "\\'; --");
      assert.equal((await all()).length, 26);
      assert.equal((await service.count(id, view({}, 'cats'), true)).count, 2);
      const removed = await service.apply(id, { schema, table: 'items', changes: [{ kind: 'delete', key: { id: row[0]! } }] });
      assert.ok(removed.ok);
    });

    test('insert with types (precise decimal, timestamp with zone, JSON, bytes, NULL vs empty) and auto-increment', async () => {
      const result = await service.apply(id, {
        schema,
        table: 'items',
        changes: [
          { kind: 'insert', values: { name: 'typed', price: fixture.precise.in, at: fixture.timestamp.in, doc: fixture.json.in, data: 'deadbeef00', note: '' } },
          { kind: 'insert', values: { name: 'nulls', note: null } },
        ],
      });
      assert.ok(result.ok, JSON.stringify(result));
      const [typed, nulls] = result.inserted;
      const col = (row: (string | null)[], name: string) => row[result.columns.indexOf(name)];
      assert.ok(Number(col(typed!, 'id')) > 25, 'auto-increment filled the key');
      assert.equal(Number(col(nulls!, 'id')), Number(col(typed!, 'id')) + 1);
      assert.equal(col(typed!, 'price'), fixture.precise.out);
      assert.match(col(typed!, 'at')!, fixture.timestamp.out);
      assert.equal(col(typed!, 'doc'), fixture.json.out);
      assert.equal(col(typed!, 'data'), 'DEADBEEF00');
      assert.equal(col(typed!, 'note'), '');
      assert.equal(col(nulls!, 'note'), null);
      // The read text finds the row again, through the filters.
      assert.deepEqual(await filtered({ kind: 'equals', column: 'at', value: col(typed!, 'at')! }), [Number(col(typed!, 'id'))]);
      assert.deepEqual(await filtered({ kind: 'equals', column: 'data', value: 'DEADBEEF00' }), [Number(col(typed!, 'id'))]);
      assert.deepEqual(await filtered({ kind: 'null', column: 'note', isNull: false }, { kind: 'equals', column: 'note', value: '' }), [Number(col(typed!, 'id'))]);
      // An update guarded by every typed original value applies (the originals compare equal as read).
      const typedId = col(typed!, 'id')!;
      const originals = Object.fromEntries(['price', 'at', 'doc', 'data', 'note'].map((name) => [name, col(typed!, name)!]));
      const update = await service.apply(id, {
        schema,
        table: 'items',
        changes: [{ kind: 'update', key: { id: typedId }, original: originals, values: { price: '1.000001', at: fixture.timestamp.in, doc: '[]', data: '', note: null } }],
      });
      assert.ok(update.ok, JSON.stringify(update));
      assert.equal(update.updated, 1);
      const [row] = (await page({ filters: [{ kind: 'equals', column: 'id', value: typedId }] })).rows;
      assert.equal(row![2], fixture.precise.out.replace('12345678901234.123456', '1.000001'));
      assert.equal(row![5], '[]');
      assert.equal(row![6], '');
      assert.equal(row![7], null);
      const cleanup = await service.apply(id, { schema, table: 'items', changes: [{ kind: 'delete', key: { id: typedId } }, { kind: 'delete', key: { id: col(nulls!, 'id')! } }] });
      assert.ok(cleanup.ok);
      assert.equal(cleanup.deleted, 2);
    });

    test('a save is one transaction: a stale row, a missing row or a constraint error rolls every change back', async () => {
      const before = await all();
      const stale = await service.apply(id, {
        schema,
        table: 'items',
        changes: [
          { kind: 'update', key: { id: '1' }, original: { name: 'item 01' }, values: { name: 'changed' } },
          { kind: 'insert', values: { name: 'new one' } },
          { kind: 'update', key: { id: '2' }, original: { name: 'not what it holds' }, values: { name: 'lost' } },
        ],
      });
      assert.deepEqual({ ...stale, message: '' }, { ok: false, change: 2, reason: 'stale', message: '' });
      assert.match((stale as { message: string }).message, /Change 3 \(update of the row id = 2\).*changed by someone else.*Nothing was saved/);
      const gone = await service.apply(id, { schema, table: 'items', changes: [{ kind: 'delete', key: { id: '3' } }, { kind: 'delete', key: { id: '999' } }] });
      assert.equal(gone.ok, false);
      assert.equal((gone as { reason: string }).reason, 'not_found');
      const broken = await service.apply(id, { schema, table: 'items', changes: [{ kind: 'insert', values: { name: 'fine' } }, { kind: 'insert', values: { name: null } }] });
      assert.equal(broken.ok, false);
      assert.equal((broken as { change: number; reason: string }).change, 1);
      assert.equal((broken as { reason: string }).reason, 'error');
      assert.match((broken as { message: string }).message, /name/i);
      const fk = await service.apply(id, { schema, table: 'items', changes: [{ kind: 'update', key: { id: '4' }, original: { cat_id: '1' }, values: { cat_id: '77' } }] });
      assert.equal(fk.ok, false);
      assert.deepEqual(await all(), before, 'nothing of the failed saves remains');
      // A NULL original compares as NULL (NULL-safe), and the same value written again still counts as the one row.
      const nullSafe = await service.apply(id, {
        schema,
        table: 'items',
        changes: [
          { kind: 'update', key: { id: '5' }, original: { price: null }, values: { price: '7.25' } },
          { kind: 'update', key: { id: '6' }, original: { name: 'item 06' }, values: { name: 'item 06' } },
        ],
      });
      assert.ok(nullSafe.ok, JSON.stringify(nullSafe));
      assert.equal(nullSafe.updated, 2);
      const price = (await all())[4]![2]!;
      const restore = await service.apply(id, { schema, table: 'items', changes: [{ kind: 'update', key: { id: '5' }, original: { price }, values: { price: null } }] });
      assert.ok(restore.ok, JSON.stringify(restore));
    });

    test('preview: the exact statements with their parameters, nothing run', async () => {
      const preview = await service.preview(id, {
        schema,
        table: 'items',
        changes: [
          { kind: 'update', key: { id: '7' }, original: { note: null }, values: { note: 'hello' } },
          { kind: 'insert', values: {} },
          { kind: 'delete', key: { id: '8' } },
        ],
      });
      assert.equal(preview.statements.length, 3);
      assert.match(preview.statements[0]!.sql, /^UPDATE .*items.*SET .*note.* = .*WHERE .*id.* = /s);
      assert.deepEqual(preview.statements[0]!.params, ['hello', '7', null]);
      assert.match(preview.statements[0]!.text, /'hello'/);
      assert.match(preview.statements[1]!.sql, /^INSERT INTO .*items/);
      assert.match(preview.statements[2]!.sql, /^DELETE FROM .*items.*\nWHERE .*id.* = /s);
      assert.equal((await all()).length, 25);
    });

    test('a table without a key is read-only and says why, and still pages', async () => {
      const info = await service.info(id, { schema, table: 'heap' });
      assert.equal(info.key, null);
      assert.match(info.readOnlyReason!, /no primary key/);
      await assert.rejects(service.preview(id, { schema, table: 'heap', changes: [{ kind: 'delete', key: { a: '1' } }] }), /no primary key/);
      await assert.rejects(service.apply(id, { schema, table: 'heap', changes: [{ kind: 'insert', values: { a: '3' } }] }), /no primary key/);
      const first = await service.page(id, view({}, 'heap'), { at: 'first' }, 2);
      assert.equal(first.rows.length, 2);
      assert.equal(first.more, true);
      const rest = await service.page(id, view({}, 'heap'), { at: 'offset', offset: 2 }, 2);
      assert.equal(rest.rows.length, 1);
    });

    // Engines with server sessions only: an SQLite file has none to end from outside.
    if (fixture.killIdle) test('a connection lost while idle is dropped, not reused', async () => {
      assert.equal((await page({}, { at: 'first' }, 5)).rows.length, 5);
      await fixture.killIdle!(target);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await page({}, { at: 'first' }, 5)).rows.length, 5);
    });

    test('export pages: every row of the filtered view, in order', async () => {
      const seen: (string | null)[][] = [];
      await service.forEachPage(id, view({ filters: [{ kind: 'range', column: 'id', min: '3', max: '24' }] }), async (_columns, rows) => {
        seen.push(...rows);
        return true;
      });
      assert.deepEqual(ids(seen), Array.from({ length: 22 }, (_, i) => i + 3));
    });
  });
}
