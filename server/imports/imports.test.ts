// Imports end to end in-process, one suite run against each engine's real database (a
// SQLite file, a throwaway PostgreSQL, a throwaway MariaDB): CSV into a new table and an
// existing one with types round-tripped, header / no header, ";" delimiter, quoted
// newlines, UTF-8 BOM, Latin-1, NDJSON and JSON arrays; malformed files fail with their
// line and leave nothing; cancel rolls back; per-batch mode keeps what it committed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { pino } from 'pino';
import { connect } from '../db/index.ts';
import type { ConnectTarget, Driver } from '../db/driver.ts';
import { JobManager } from '../jobs/job-manager.ts';
import type { ImportOutcome, ImportRequest, ImportTarget, ParseSettings, SourceColumn } from '../protocol/index.ts';
import { startMariadb } from '../testing/mariadb.ts';
import { startPostgres } from '../testing/postgres.ts';
import { ImportService } from './service.ts';
import { UploadStore } from './uploads.ts';

const log = pino({ level: 'silent' });

interface Fixture {
  name: string;
  schema: string;
  start(): Promise<{ target: ConnectTarget; stop(): Promise<void> }>;
  /** Rows of a query as objects, every value as text (null for NULL). */
  query(target: ConnectTarget, sql: string): Promise<Record<string, string | null>[]>;
  exec(target: ConnectTarget, sql: string): Promise<void>;
  /** Whether a table exists. */
  exists(target: ConnectTarget, table: string): Promise<boolean>;
  /** The engine loads a CSV with its own parser (PostgreSQL's COPY … CSV), which takes a quote inside a value as text. */
  ownCsvLoader?: boolean;
  /** Text of a boolean true / a timestamp as the engine gives it back. */
  booleanTrue: string;
  timestamp: string;
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value));
const asText = (rows: Record<string, unknown>[]) => rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, text(v)])));

const sqlite: Fixture = {
  name: 'SQLite',
  schema: 'main',
  async start() {
    const dir = mkdtempSync(join(tmpdir(), 'dbt-import-sqlite-'));
    const file = join(dir, 'data.db');
    new Database(file).close();
    return { target: { engine: 'sqlite', file, readOnly: false }, stop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
  async query(target, sql) {
    const db = new Database((target as { file: string }).file, { readonly: true });
    try {
      return asText(db.prepare(sql).all() as Record<string, unknown>[]);
    } finally {
      db.close();
    }
  },
  async exec(target, sql) {
    const db = new Database((target as { file: string }).file);
    db.exec(sql);
    db.close();
  },
  async exists(target, table) {
    return (await this.query(target, `SELECT name FROM sqlite_schema WHERE name = '${table}'`)).length > 0;
  },
  booleanTrue: '1',
  timestamp: '2024-03-01 12:30:00',
};

const postgres: Fixture = {
  name: 'PostgreSQL',
  schema: 'public',
  async start() {
    const server = await startPostgres();
    const target: ConnectTarget = server.target();
    return { target, stop: () => server.stop() };
  },
  async query(target, sql) {
    const t = target as Extract<ConnectTarget, { engine: 'postgres' }>;
    const client = new pg.Client({ host: t.host, port: t.port, user: t.user, password: t.password, database: t.database });
    client.setTypeParser(1114, (v) => v);
    client.setTypeParser(1082, (v) => v);
    await client.connect();
    try {
      return asText((await client.query(sql)).rows);
    } finally {
      await client.end();
    }
  },
  async exec(target, sql) {
    await this.query(target, sql);
  },
  async exists(target, table) {
    return (await this.query(target, `SELECT 1 FROM pg_tables WHERE tablename = '${table}'`)).length > 0;
  },
  booleanTrue: 'true',
  timestamp: '2024-03-01 12:30:00',
  ownCsvLoader: true,
};

const mariadb: Fixture = {
  name: 'MariaDB',
  schema: 'imports',
  async start() {
    const server = await startMariadb({ database: 'imports' });
    const target: ConnectTarget = { engine: 'mysql', host: server.host, port: server.port, user: server.user, password: server.password, database: server.database, ssl: { mode: 'disable' }, connectTimeoutSeconds: 10 };
    return { target, stop: () => server.stop() };
  },
  async query(target, sql) {
    const t = target as Extract<ConnectTarget, { engine: 'mysql' }>;
    const connection = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password, database: t.database, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
    try {
      const [rows] = await connection.query(sql);
      return Array.isArray(rows) ? asText(rows as Record<string, unknown>[]) : [];
    } finally {
      await connection.end();
    }
  },
  async exec(target, sql) {
    await this.query(target, sql);
  },
  async exists(target, table) {
    return (await this.query(target, `SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'imports' AND TABLE_NAME = '${table}'`)).length > 0;
  },
  booleanTrue: '1',
  timestamp: '2024-03-01 12:30:00.000000',
};

const CSV_TYPES = [
  'id,price,active,day,at,name',
  '1,3.25,true,2024-03-01,2024-03-01T12:30:00,plain',
  '2,-0.5,false,2024-02-29,2024-03-01 12:30:00,"comma, and ""quotes"""',
  '3,,,,,"two',
  'lines"',
  '4,1e3,yes,2000-01-01,1999-12-31 23:59:59,Grüße 東京 🎉',
].join('\r\n');

for (const fixture of [sqlite, postgres, mariadb]) {
  describe(`imports: ${fixture.name}`, () => {
    let home: string;
    let target: ConnectTarget;
    let stop: () => Promise<void>;
    let driver: Driver;
    let jobs: JobManager;
    let service: ImportService;

    before(async () => {
      ({ target, stop } = await fixture.start());
      driver = await connect(target);
      home = mkdtempSync(join(tmpdir(), 'dbt-import-home-'));
      jobs = new JobManager({ log });
      service = new ImportService({ uploads: new UploadStore(home, 1e9), jobs, connections: { resolve: () => ({ name: 'Test', target }), driver: async () => driver }, log, maxRecordChars: 1024 * 1024 });
    });
    after(async () => {
      jobs.stop();
      await driver.close();
      await stop();
      rmSync(home, { recursive: true, force: true });
    });

    const upload = (content: string | Buffer, name = 'data.csv') => service.upload(Readable.from([Buffer.from(content)]), name);

    /** Uploads, previews, and imports with the preview's settings (plus overrides) into `target`. */
    async function importFile(content: string | Buffer, makeTarget: (columns: Awaited<ReturnType<ImportService['preview']>>['columns']) => ImportTarget, extra: Partial<ImportRequest> & { settings?: Partial<ParseSettings> } = {}) {
      const { uploadId } = await upload(content);
      const preview = await service.preview(uploadId, extra.settings);
      const request = { uploadId, settings: preview.settings, target: makeTarget(preview.columns), mode: extra.mode ?? 'transaction', ...(extra.batchRows ? { batchRows: extra.batchRows } : {}) } as ImportRequest;
      const plan = await service.plan('c', request);
      const job = await jobs.finished((await service.start('c', request)).id);
      return { preview, plan, job, outcome: job.result?.data as ImportOutcome | undefined };
    }
    const newTable = (table: string) => (columns: SourceColumn[]) =>
      ({ type: 'new', schema: fixture.schema, table, columns: columns.map((c, source) => ({ name: c.sanitized, type: c.type, source })) }) as ImportTarget;

    test('a CSV into a new table: types inferred, the CREATE TABLE shown, values round-trip', async () => {
      const { preview, plan, job, outcome } = await importFile(CSV_TYPES, newTable('typed'));
      assert.deepEqual(preview.settings, { format: 'csv', encoding: 'utf-8', delimiter: ',', quote: '"', header: true });
      assert.deepEqual(preview.columns.map((c) => c.type), ['integer', 'numeric', 'boolean', 'date', 'timestamp', 'text']);
      assert.match(plan.createSql!, /CREATE TABLE .*typed/);
      assert.equal(job.state, 'succeeded', job.error?.message);
      assert.equal(outcome!.rows, 4);
      const rows = await fixture.query(target, 'SELECT * FROM typed ORDER BY id');
      assert.equal(rows.length, 4);
      assert.equal(rows[0]!.active, fixture.booleanTrue);
      assert.equal(rows[0]!.day, '2024-03-01');
      assert.equal(rows[0]!.at, fixture.timestamp);
      assert.equal(Number(rows[0]!.price), 3.25);
      assert.equal(rows[1]!.name, 'comma, and "quotes"');
      assert.equal(rows[2]!.name, 'two\r\nlines');
      assert.equal(rows[2]!.price, null);
      assert.equal(rows[3]!.name, 'Grüße 東京 🎉');
      assert.equal(Number(rows[3]!.price), 1000);
    });

    test('into an existing table: ";" delimiter, no header, UTF-8 BOM, mapped by position', async () => {
      await fixture.exec(target, 'CREATE TABLE people (id INTEGER NOT NULL, name VARCHAR(100), score NUMERIC(10,2))');
      const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('1;Ann;10.5\n2;"Bo;b";\n')]);
      const { preview, job } = await importFile(content, () => ({ type: 'existing', schema: fixture.schema, table: 'people' }));
      assert.equal(preview.settings.delimiter, ';');
      assert.equal(preview.settings.header, false);
      assert.equal(job.state, 'succeeded', job.error?.message);
      const rows = await fixture.query(target, 'SELECT id, name, score FROM people ORDER BY id');
      assert.deepEqual(rows.map((r) => [r.id, r.name, r.score === null ? null : Number(r.score)]), [['1', 'Ann', 10.5], ['2', 'Bo;b', null]]);
    });

    test('a Latin-1 file is detected and decoded; columns mapped by header name', async () => {
      const content = Buffer.from('name,id\nJos\xe9,7\nZo\xeb,8\n', 'latin1');
      const { preview, job } = await importFile(content, () => ({ type: 'existing', schema: fixture.schema, table: 'people' }));
      assert.equal(preview.settings.encoding, 'latin1');
      assert.equal(job.state, 'succeeded', job.error?.message);
      const rows = await fixture.query(target, 'SELECT id, name FROM people WHERE id >= 7 ORDER BY id');
      assert.deepEqual(rows.map((r) => r.name), ['José', 'Zoë']);
    });

    test('a row the database refuses fails the import with its line; nothing stays', async () => {
      const { job } = await importFile('id,name\n100,a\n,b\n101,c\n', () => ({ type: 'existing', schema: fixture.schema, table: 'people' }));
      assert.equal(job.state, 'failed');
      assert.match(job.error!.message, /^Line 3: /);
      assert.equal((await fixture.query(target, 'SELECT count(*) AS n FROM people WHERE id >= 100'))[0]!.n, '0');
    });

    test('UTF-16 with a byte-order mark is detected', async () => {
      const { preview } = await importFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\n5,Ünal\n', 'utf16le')]), () => ({ type: 'existing', schema: fixture.schema, table: 'people' }));
      assert.equal(preview.settings.encoding, 'utf-16le');
      assert.deepEqual(preview.rows, [['5', 'Ünal']]);
      assert.deepEqual((await fixture.query(target, 'SELECT name FROM people WHERE id = 5')).map((r) => r.name), ['Ünal']);
    });

    test('NDJSON and a JSON array into new tables', async () => {
      const nd = await importFile('{"id": 1, "tags": ["a"], "ok": true}\n\n{"id": 2, "note": "x", "ok": null}\n', newTable('from_ndjson'));
      assert.equal(nd.preview.settings.format, 'ndjson');
      assert.equal(nd.job.state, 'succeeded', nd.job.error?.message);
      assert.deepEqual((await fixture.query(target, 'SELECT id, tags, note FROM from_ndjson ORDER BY id')).map((r) => [r.id, r.tags, r.note]), [['1', '["a"]', null], ['2', null, 'x']]);
      const array = await importFile('[\n {"id": 1, "name": "a]b"},\n {"id": 2, "name": "{c}"}\n]', newTable('from_json'));
      assert.equal(array.preview.settings.format, 'json');
      assert.equal(array.job.state, 'succeeded', array.job.error?.message);
      assert.deepEqual((await fixture.query(target, 'SELECT name FROM from_json ORDER BY id')).map((r) => r.name), ['a]b', '{c}']);
    });

    test('malformed files fail with their line and leave no table behind', async () => {
      const cases: [string, string | Buffer, RegExp][] = [
        // Checked by us, or by PostgreSQL's COPY (its words), always with the line.
        ['ragged', 'a,b\n1,2\n3,4,5\n', /Line 3: (3 values where the file's rows have 2|extra data after last expected column)/],
        ['bad_type', 'a,b\n1,2\n3,4\nx,5\n', /Line 4: ("x" is not a valid integer|invalid input syntax for type bigint: "x")/],
        ...(fixture.ownCsvLoader ? [] : ([['bad_quote', 'a,b\n1,2\n3,"4"x\n', /Line 3: a quote/]] as [string, string, RegExp][])),
        ['unclosed', 'a,b\n1,2\n3,"4\n5,6\n', /Line 3: .*(never closed|longer than|unterminated CSV quoted field)/],
        ['bad_utf8', Buffer.concat([Buffer.from('a,b\n1,2\n'), Buffer.from([0xc3, 0x28]), Buffer.from(',3\n')]), /Line 3 is not valid UTF-8/],
        ['long_line', `a,b\n1,2\n3,${'x'.repeat(2 * 1024 * 1024)}\n`, /Line 3: a record longer than/],
      ];
      for (const [table, content, message] of cases) {
        const { uploadId } = await upload(content);
        // Detection reads only the start: fix the settings as the user would see them.
        const settings: ParseSettings = { format: 'csv', encoding: 'utf-8', delimiter: ',', quote: '"', header: true };
        const columns = [{ name: 'a', type: 'integer' as const, source: 0 }, { name: 'b', type: 'text' as const, source: 1 }];
        // A problem within the sample is refused at once; a later one fails the job.
        const error = await service.start('c', { uploadId, settings, target: { type: 'new', schema: fixture.schema, table, columns }, mode: 'transaction' }).then(
          async (started) => {
            const job = await jobs.finished(started.id);
            assert.equal(job.state, 'failed', table);
            return job.error!.message;
          },
          (refused: Error) => refused.message,
        );
        assert.match(error, message, table);
        assert.equal(await fixture.exists(target, table), false, `${table} was left behind`);
      }
    });

    if (fixture.ownCsvLoader) {
      test('its own CSV loader takes a quote inside a value as text, as PostgreSQL does', async () => {
        // (In the first 1,000 rows the preview reports it, and a file with no good row before it is refused.)
        const { job } = await importFile('a,b\n1,ok\n2,"4"x\n', newTable('quote_inside'));
        assert.equal(job.state, 'succeeded', job.error?.message);
        assert.deepEqual((await fixture.query(target, 'SELECT b FROM quote_inside ORDER BY a')).map((r) => r.b), ['ok', '4x']);
      });
    }

    test("a quote inside an unquoted value is text, as sqlite3 takes it (PostgreSQL's COPY opens a quoted part there)", async () => {
      const { job } = await importFile('a,b\n1,a"b\n2,"quoted ""x"""\n', newTable('bare_quote'));
      if (fixture.ownCsvLoader) {
        assert.equal(job.state, 'failed');
        assert.match(job.error!.message, /^Line \d+: unterminated CSV quoted field/);
        return;
      }
      assert.equal(job.state, 'succeeded', job.error?.message);
      assert.deepEqual((await fixture.query(target, 'SELECT b FROM bare_quote ORDER BY a')).map((r) => r.b), ['a"b', 'quoted "x"']);
    });

    test('a big CSV in one transaction keeps its lines: a bad value far in fails with its own line', async () => {
      // Over several chunks of the file, with a value spanning lines on the way.
      const lines = ['n,label', '1,"two\nlines"'];
      for (let i = 2; i <= 40_000; i++) lines.push(i === 30_000 ? 'x30000,bad' : `${i},label ${i}`);
      const columns = [{ name: 'n', type: 'integer' as const, source: 0 }, { name: 'label', type: 'text' as const, source: 1 }];
      const { job } = await importFile(lines.join('\n'), () => ({ type: 'new', schema: fixture.schema, table: 'far_line', columns }));
      assert.equal(job.state, 'failed');
      assert.match(job.error!.message, /^Line 30002: /);
      assert.equal(await fixture.exists(target, 'far_line'), false);
    });

    test('per-batch mode keeps the committed batches and reports the rejected rows', async () => {
      const lines = ['n,label'];
      for (let i = 1; i <= 50; i++) lines.push(i === 20 ? 'oops,x' : i === 33 ? '33' : `${i},row ${i}`);
      const columns = [{ name: 'n', type: 'integer' as const, source: 0 }, { name: 'label', type: 'text' as const, source: 1 }];
      const { job, outcome } = await importFile(lines.join('\n'), () => ({ type: 'new', schema: fixture.schema, table: 'batched', columns }), { mode: 'batch', batchRows: 10 });
      assert.equal(job.state, 'succeeded', job.error?.message);
      assert.equal(outcome!.rows, 48);
      assert.deepEqual(outcome!.rejectedRows.map((r) => r.line), [21, 34]);
      assert.equal((await fixture.query(target, 'SELECT count(*) AS n FROM batched'))[0]!.n, '48');
    });

    test('cancel mid-import rolls everything back', async () => {
      // An import can end before the cancel lands (SQLite loads 300,000 rows in well under a
      // second on a quiet machine): then a bigger file is tried. It passes only on an import
      // that was really cancelled.
      for (const [attempt, rows] of [300_000, 1_000_000, 2_000_000].entries()) {
        const lines = ['n,label'];
        for (let i = 1; i <= rows; i++) lines.push(`${i},label number ${i}`);
        const { uploadId } = await upload(lines.join('\n'));
        const preview = await service.preview(uploadId);
        const table = `cancelled_${attempt}`;
        const started = await service.start('c', { uploadId, settings: preview.settings, target: newTable(table)(preview.columns), mode: 'transaction', batchRows: 5000 });
        await until(() => (jobs.get(started.id).progress?.done ?? 0) > 0 || !['queued', 'running'].includes(jobs.get(started.id).state));
        jobs.cancel(started.id);
        const job = await jobs.finished(started.id);
        if (job.state === 'succeeded' && attempt < 2) continue;
        assert.equal(job.state, 'cancelled');
        assert.equal(await fixture.exists(target, table), false);
        return;
      }
    });
  });
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

