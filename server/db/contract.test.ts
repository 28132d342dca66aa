// The driver contract (driver.ts), one suite run against every engine's real database: a
// temporary SQLite file, a throwaway PostgreSQL server and a throwaway MariaDB server. Engines differ only in the
// fixture below (their DDL, the SQL for "many rows" and "a long statement", and what
// their catalogs say); every test is shared.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { NotFoundError } from '../errors.ts';
import type { ColumnInfo, ForeignKeyInfo, IndexInfo, ObjectSummary, ResultColumn } from '../protocol/index.ts';
import { processTreeRssBytes } from '../testing/memory.ts';
import { startMariadb } from '../testing/mariadb.ts';
import { startPostgres } from '../testing/postgres.ts';
import { collect, execute } from '../testing/query-results.ts';
import type { ConnectTarget, Driver, QuerySession } from './driver.ts';
import { DatabaseError, QueryCancelledError } from './errors.ts';
import { connect } from './index.ts';

interface EngineFixture {
  name: string;
  /** Creates an empty database; returns how to reach it and how to clean up. */
  start(): Promise<{ target: ConnectTarget; stop(): Promise<void> }>;
  schema: string;
  version: RegExp;
  ddl: string[];
  /** SELECT n, label FROM 1..count rows ("row <n>"). */
  rowsSql(count: number): string;
  /** Runs for minutes unless cancelled. */
  longSql: string;
  integerType: string;
  textType: string;
  /** Row estimate of a table analyzed while empty. */
  emptyEstimate: number | null;
  books: { columns: ColumnInfo[]; indexes: IndexInfo[]; foreignKeys: ForeignKeyInfo[] };
  syntaxErrorState: string;
}

const ARCHIVES = Array.from({ length: 12 }, (_, i) => `archive_${String(i + 1).padStart(2, '0')}`);
const DATA = [
  "INSERT INTO authors VALUES (1, 'Ursula K. Le Guin', 'ursula@example.com'), (2, 'Italo Calvino', NULL), (3, 'Octavia E. Butler', 'octavia@example.com')",
  "INSERT INTO books VALUES (1, 1, 'The Dispossessed', 9.99, '1974-05-01'), (2, 1, 'The Left Hand of Darkness', 12.50, '1969-03-01'), (3, 2, 'Invisible Cities', 8.75, '1972-11-01'), (4, 3, 'Kindred', 11.00, '1979-06-01')",
  "INSERT INTO book_tags VALUES (1, 'sf'), (2, 'sf'), (3, 'fable')",
];

function ddl(types: { int: string; text: string; numeric: string; date: string }, analyze = ['ANALYZE']): string[] {
  return [
    `CREATE TABLE authors (id ${types.int} PRIMARY KEY, name ${types.text} NOT NULL, email ${types.text} UNIQUE)`,
    `CREATE TABLE books (id ${types.int} PRIMARY KEY, author_id ${types.int} NOT NULL REFERENCES authors (id) ON DELETE CASCADE, title ${types.text} NOT NULL, price ${types.numeric} DEFAULT 0, published ${types.date})`,
    'CREATE INDEX books_author_id ON books (author_id)',
    `CREATE TABLE book_tags (book_id ${types.int} NOT NULL REFERENCES books (id), tag ${types.text} NOT NULL, PRIMARY KEY (book_id, tag))`,
    'CREATE VIEW cheap_books AS SELECT id, title, price FROM books WHERE price < 10',
    ...ARCHIVES.map((name) => `CREATE TABLE ${name} (id ${types.int})`),
    ...DATA,
    ...analyze,
  ];
}

const booksForeignKey = (schema: string, name = 'books_author_id_fkey'): ForeignKeyInfo => ({
  name,
  columns: ['author_id'],
  referencedSchema: schema,
  referencedTable: 'authors',
  referencedColumns: ['id'],
  onUpdate: 'NO ACTION',
  onDelete: 'CASCADE',
});

const column = (name: string, dataType: string, nullable: boolean, defaultValue: string | null = null, primaryKeyPosition: number | null = null): ColumnInfo => ({
  name,
  dataType,
  nullable,
  default: defaultValue,
  primaryKeyPosition,
});

const sqlite: EngineFixture = {
  name: 'SQLite',
  async start() {
    const dir = mkdtempSync(join(tmpdir(), 'dbt-contract-'));
    const file = join(dir, 'contract.db');
    // The driver opens existing files only; an empty file is a valid empty database.
    const { default: Database } = await import('better-sqlite3');
    new Database(file).close();
    return { target: { engine: 'sqlite', file, readOnly: false }, stop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
  schema: 'main',
  version: /^SQLite 3\.\d+\.\d+$/,
  ddl: ddl({ int: 'INTEGER', text: 'TEXT', numeric: 'NUMERIC(8,2)', date: 'DATE' }),
  rowsSql: (count) => `WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ${count}) SELECT n, 'row ' || n AS label FROM c`,
  longSql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT count(*) FROM c',
  integerType: 'INTEGER',
  textType: 'TEXT',
  emptyEstimate: null, // ANALYZE records nothing for an empty table
  books: {
    columns: [
      column('id', 'INTEGER', false, null, 1),
      column('author_id', 'INTEGER', false),
      column('title', 'TEXT', false),
      column('price', 'NUMERIC(8,2)', true, '0'),
      column('published', 'DATE', true),
    ],
    // INTEGER PRIMARY KEY is the rowid: no separate index.
    indexes: [{ name: 'books_author_id', columns: ['author_id'], unique: false, primary: false, definition: 'CREATE INDEX books_author_id ON books (author_id)' }],
    foreignKeys: [booksForeignKey('main')],
  },
  syntaxErrorState: 'SQLITE_ERROR',
};

const postgres: EngineFixture = {
  name: 'PostgreSQL',
  async start() {
    const server = await startPostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE contract');
    await admin.end();
    const target: ConnectTarget = {
      engine: 'postgres',
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      database: 'contract',
      ssl: { mode: 'disable' },
      connectTimeoutSeconds: 10,
    };
    return { target, stop: () => server.stop() };
  },
  schema: 'public',
  version: /^PostgreSQL \d+\.\d+$/,
  ddl: ddl({ int: 'integer', text: 'text', numeric: 'numeric(8,2)', date: 'date' }),
  rowsSql: (count) => `SELECT n, 'row ' || n AS label FROM generate_series(1, ${count}) AS n`,
  longSql: 'SELECT pg_sleep(300)',
  integerType: 'int4',
  textType: 'text',
  emptyEstimate: 0,
  books: {
    columns: [
      column('id', 'integer', false, null, 1),
      column('author_id', 'integer', false),
      column('title', 'text', false),
      column('price', 'numeric(8,2)', true, '0'),
      column('published', 'date', true),
    ],
    indexes: [
      { name: 'books_author_id', columns: ['author_id'], unique: false, primary: false, definition: 'CREATE INDEX books_author_id ON public.books USING btree (author_id)' },
      { name: 'books_pkey', columns: ['id'], unique: true, primary: true, definition: 'CREATE UNIQUE INDEX books_pkey ON public.books USING btree (id)' },
    ],
    foreignKeys: [booksForeignKey('public')],
  },
  syntaxErrorState: '42601',
};

const mysql: EngineFixture = {
  name: 'MariaDB',
  async start() {
    const server = await startMariadb({ database: 'contract' });
    const target: ConnectTarget = {
      engine: 'mysql',
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      database: server.database,
      ssl: { mode: 'disable' },
      connectTimeoutSeconds: 10,
    };
    return { target, stop: () => server.stop() };
  },
  schema: 'contract',
  version: /^MariaDB \d+\.\d+\.\d+$/,
  ddl: ddl({ int: 'int', text: 'varchar(200)', numeric: 'decimal(8,2)', date: 'date' }, [
    `ANALYZE TABLE authors, books, book_tags, ${ARCHIVES.join(', ')}`,
  ]),
  rowsSql: (count) => `SELECT seq AS n, CONCAT('row ', seq) AS label FROM seq_1_to_${count}`,
  longSql: 'SELECT SLEEP(300)',
  integerType: 'bigint unsigned',
  textType: 'varchar',
  emptyEstimate: 0,
  books: {
    columns: [
      column('id', 'int(11)', false, null, 1),
      column('author_id', 'int(11)', false),
      column('title', 'varchar(200)', false),
      column('price', 'decimal(8,2)', true, '0.00'),
      column('published', 'date', true),
    ],
    indexes: [
      { name: 'books_author_id', columns: ['author_id'], unique: false, primary: false, definition: 'CREATE INDEX `books_author_id` ON `books` (`author_id`)' },
      { name: 'PRIMARY', columns: ['id'], unique: true, primary: true, definition: 'PRIMARY KEY (`id`)' },
    ],
    foreignKeys: [{ ...booksForeignKey('contract', 'books_ibfk_1'), onUpdate: 'RESTRICT' }], // InnoDB's default
  },
  syntaxErrorState: '42000',
};

for (const engine of [sqlite, postgres, mysql]) {
  describe(`driver contract: ${engine.name}`, () => {
    let stop: () => Promise<void>;
    let driver: Driver;
    let session: QuerySession;
    const table = (name: string, rowEstimate: number | null): ObjectSummary => ({ schema: engine.schema, name, kind: 'table', rowEstimate });
    const allObjects = (): ObjectSummary[] => [
      ...ARCHIVES.map((name) => table(name, engine.emptyEstimate)),
      table('authors', 3),
      table('book_tags', 3),
      table('books', 4),
      { schema: engine.schema, name: 'cheap_books', kind: 'view', rowEstimate: null },
    ];

    before(async () => {
      const started = await engine.start();
      stop = started.stop;
      driver = await connect(started.target);
      session = await driver.openSession();
      await execute(session, ...engine.ddl);
    });
    after(async () => {
      await driver?.close();
      await stop?.();
    });

    test('reports the server version', async () => {
      assert.match(await driver.serverVersion(), engine.version);
    });

    test('lists the schema with its object count', async () => {
      const schemas = await driver.listSchemas();
      assert.deepEqual(
        schemas.find((s) => s.name === engine.schema),
        { name: engine.schema, objectCount: allObjects().length },
      );
    });

    test('lists tables and views by name, with kinds and row estimates', async () => {
      assert.deepEqual(await driver.listObjects(engine.schema), { objects: allObjects(), total: allObjects().length });
    });

    test('pages through objects', async () => {
      const pages = [];
      for (let offset = 0; offset < 20; offset += 5) pages.push(await driver.listObjects(engine.schema, { offset, limit: 5 }));
      assert.deepEqual(pages.map((p) => p.objects.length), [5, 5, 5, 1]);
      assert.ok(pages.every((p) => p.total === 16));
      assert.deepEqual(pages.flatMap((p) => p.objects), allObjects());
      assert.deepEqual(await driver.listObjects(engine.schema, { offset: 100, limit: 5 }), { objects: [], total: 16 });
    });

    test('searches objects case-insensitively, in a page and across schemas', async () => {
      const page = await driver.listObjects(engine.schema, { search: 'ARCHIVE_0', limit: 4 });
      assert.equal(page.total, 9);
      assert.deepEqual(page.objects.map((o) => o.name), ['archive_01', 'archive_02', 'archive_03', 'archive_04']);
      // Prefix matches before other matches.
      assert.deepEqual((await driver.searchObjects('Book', 10)).map((o) => o.name), ['book_tags', 'books', 'cheap_books']);
      assert.deepEqual(await driver.searchObjects('no such thing', 10), []);
    });

    test('describes a table: columns, indexes, foreign keys, estimate', async () => {
      assert.deepEqual(await driver.describe(engine.schema, 'books'), {
        ...table('books', 4),
        ...engine.books,
        definition: null,
      });
    });

    test('describes a composite primary key and a view', async () => {
      const tags = await driver.describe(engine.schema, 'book_tags');
      assert.deepEqual(tags.columns.map((c) => [c.name, c.primaryKeyPosition, c.nullable]), [['book_id', 1, false], ['tag', 2, false]]);
      assert.deepEqual(tags.indexes.filter((i) => i.primary).map((i) => i.columns), [['book_id', 'tag']]);
      const view = await driver.describe(engine.schema, 'cheap_books');
      assert.equal(view.kind, 'view');
      assert.deepEqual(view.columns.map((c) => c.name), ['id', 'title', 'price']);
      assert.match(view.definition ?? '', /^SELECT[\s\S]+FROM `?books`?[\s\S]+WHERE[\s\S]*price`? < 10/i);
    });

    test('describing a missing object is NotFoundError', async () => {
      await assert.rejects(driver.describe(engine.schema, 'no_such_table'), NotFoundError);
      await assert.rejects(driver.describe('no_such_schema', 'books'), NotFoundError);
    });

    test('gives tables and columns for completion, bounded', async () => {
      const all = await driver.completionSchema(100);
      assert.equal(all.defaultSchema, engine.schema);
      assert.ok(all.schemas.includes(engine.schema));
      assert.equal(all.truncated, false);
      assert.equal(all.tables.length, 16);
      assert.deepEqual(all.tables.find((t) => t.name === 'books'), { schema: engine.schema, name: 'books', columns: ['id', 'author_id', 'title', 'price', 'published'] });
      const bounded = await driver.completionSchema(5);
      assert.equal(bounded.tables.length, 5);
      assert.equal(bounded.truncated, true);
    });

    test('streams a result in batches: columns, rows, done', async () => {
      const result = await collect(session, engine.rowsSql(2500), 1000);
      assert.deepEqual(result.kinds, ['columns', 'rows', 'rows', 'rows', 'done']);
      assert.deepEqual(result.columns, [
        { name: 'n', type: engine.integerType, numeric: true },
        { name: 'label', type: engine.textType, numeric: false },
      ] satisfies ResultColumn[]);
      assert.deepEqual(result.batches, [1000, 1000, 500]);
      assert.deepEqual(result.rows[0], ['1', 'row 1']);
      assert.deepEqual(result.rows.at(-1), ['2500', 'row 2500']);
      assert.deepEqual(result.done, { kind: 'done', rowCount: 2500, affectedRows: null, command: 'SELECT' });
    });

    test('an empty result still has its columns', async () => {
      const result = await collect(session, 'SELECT id, title FROM books WHERE id < 0');
      assert.deepEqual(result.columns?.map((c) => c.name), ['id', 'title']);
      assert.deepEqual(result.rows, []);
      assert.equal(result.done?.rowCount, 0);
    });

    test('reports affected rows and the command of INSERT, UPDATE and DELETE', async () => {
      const done = async (sql: string) => (await collect(session, sql)).done;
      assert.deepEqual(await done('INSERT INTO archive_12 (id) VALUES (1), (2), (3)'), { kind: 'done', rowCount: 0, affectedRows: 3, command: 'INSERT' });
      assert.deepEqual(await done('UPDATE archive_12 SET id = id + 10 WHERE id > 1'), { kind: 'done', rowCount: 0, affectedRows: 2, command: 'UPDATE' });
      assert.deepEqual(await done('DELETE FROM archive_12'), { kind: 'done', rowCount: 0, affectedRows: 3, command: 'DELETE' });
    });

    test('runs DDL', async () => {
      const create = await collect(session, 'CREATE TABLE scratch_ddl (id integer)');
      assert.deepEqual(create.done, { kind: 'done', rowCount: 0, affectedRows: null, command: 'CREATE TABLE' });
      assert.deepEqual((await driver.listObjects(engine.schema, { search: 'scratch_ddl' })).total, 1);
      const drop = await collect(session, 'DROP TABLE scratch_ddl');
      assert.equal(drop.done?.command, 'DROP TABLE');
      assert.deepEqual((await driver.listObjects(engine.schema, { search: 'scratch_ddl' })).total, 0);
    });

    test('bad SQL is a DatabaseError with the position in the statement', async () => {
      const syntax = await collect(session, 'SELECT title, FROM books').then(() => null, (error: unknown) => error);
      assert.ok(syntax instanceof DatabaseError, String(syntax));
      assert.equal(syntax.position, 'SELECT title, '.length);
      assert.equal(syntax.sqlState, engine.syntaxErrorState);
      const unknown = await collect(session, 'SELECT nope FROM books').then(() => null, (error: unknown) => error);
      assert.ok(unknown instanceof DatabaseError);
      assert.match(unknown.message, /nope/);
      assert.equal(unknown.position, 'SELECT '.length);
      // The session is fine afterwards.
      assert.deepEqual((await collect(session, 'SELECT 1 AS one')).rows, [['1']]);
    });

    test('session state persists across statements: temp tables and transactions', async () => {
      await execute(session, 'CREATE TEMPORARY TABLE scratch (x integer)', 'INSERT INTO scratch VALUES (1), (2)');
      assert.deepEqual((await collect(session, 'SELECT count(*) FROM scratch')).rows, [['2']]);
      assert.equal((await collect(session, 'BEGIN')).done?.command, 'BEGIN');
      await execute(session, "INSERT INTO authors VALUES (10, 'Nobody', NULL)");
      assert.deepEqual((await collect(session, 'SELECT count(*) FROM authors')).rows, [['4']]);
      assert.equal((await collect(session, 'ROLLBACK')).done?.command, 'ROLLBACK');
      assert.deepEqual((await collect(session, 'SELECT count(*) FROM authors')).rows, [['3']]);
      // Another session does not see this one's temp table.
      const other = await driver.openSession();
      try {
        await assert.rejects(collect(other, 'SELECT count(*) FROM scratch'), DatabaseError);
      } finally {
        await other.close();
      }
    });

    test('cancelling a long statement answers quickly and leaves the session usable', async () => {
      const running = collect(session, engine.longSql);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const cancelledAt = performance.now();
      const outcome = assert.rejects(running, QueryCancelledError);
      await session.cancel();
      await outcome;
      assert.ok(performance.now() - cancelledAt < 5000, 'cancel took longer than 5 s');
      assert.deepEqual((await collect(session, 'SELECT 2 AS two')).rows, [['2']]);
    });

    test('cancelling while the consumer holds a batch stops the stream and keeps session state', async () => {
      await execute(session, 'CREATE TEMPORARY TABLE kept (x integer)');
      const stream = session.run(engine.rowsSql(100_000), { batchSize: 100 });
      const iterator = stream[Symbol.asyncIterator]();
      assert.equal((await iterator.next()).value?.kind, 'columns');
      assert.equal((await iterator.next()).value?.kind, 'rows');
      await session.cancel();
      await assert.rejects(iterator.next(), QueryCancelledError);
      assert.deepEqual((await collect(session, 'SELECT count(*) FROM kept')).rows, [['0']]);
    });

    test('a cancel that arrives after the last batch changes nothing: the result stands', async () => {
      const iterator = session.run(engine.rowsSql(10), { batchSize: 100 })[Symbol.asyncIterator]();
      assert.equal((await iterator.next()).value?.kind, 'columns');
      assert.equal((await iterator.next()).value?.kind, 'rows');
      await session.cancel();
      const done = (await iterator.next()).value;
      assert.ok(done?.kind === 'done', `expected done, got ${done?.kind}`);
      assert.equal(done.rowCount, 10);
      assert.equal((await iterator.next()).done, true);
      assert.deepEqual((await collect(session, 'SELECT 5 AS five')).rows, [['5']]);
    });

    test('breaking out of an iteration leaves the session usable', async () => {
      let batches = 0;
      for await (const event of session.run(engine.rowsSql(100_000), { batchSize: 100 })) {
        if (event.kind === 'rows' && ++batches === 2) break;
      }
      assert.deepEqual((await collect(session, 'SELECT 3 AS three')).rows, [['3']]);
    });

    test('one statement at a time per session', async () => {
      const first = session.run(engine.rowsSql(1000), { batchSize: 10 })[Symbol.asyncIterator]();
      await first.next();
      await assert.rejects(collect(session, 'SELECT 1'), /Another statement is still running/);
      await first.return?.(undefined);
      assert.deepEqual((await collect(session, 'SELECT 4 AS four')).rows, [['4']]);
      // Two statements started at the same instant: one runs, the other is refused.
      const outcomes = await Promise.allSettled([collect(session, 'SELECT 6'), collect(session, 'SELECT 7')]);
      assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
      assert.match(String((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason), /Another statement is still running/);
    });

    test('streams 1,000,000 rows without holding them (process RSS growth < 100 MB)', async (t) => {
      const stream = await driver.openSession();
      try {
        await collect(stream, engine.rowsSql(50_000), 1000); // warm up code paths and buffers
        const baseline = processTreeRssBytes();
        let peak = baseline;
        let rows = 0;
        let last: (string | null)[] | undefined;
        let batches = 0;
        for await (const event of stream.run(engine.rowsSql(1_000_000), { batchSize: 1000 })) {
          if (event.kind !== 'rows') continue;
          rows += event.rows.length;
          last = event.rows.at(-1);
          if (++batches % 50 === 0) peak = Math.max(peak, processTreeRssBytes());
        }
        peak = Math.max(peak, processTreeRssBytes());
        assert.equal(rows, 1_000_000);
        assert.deepEqual(last, ['1000000', 'row 1000000']);
        const growthMb = (peak - baseline) / 1024 / 1024;
        t.diagnostic(`RSS of this process and its workers grew by ${growthMb.toFixed(1)} MB while streaming 1,000,000 rows`);
        assert.ok(growthMb < 100, `RSS grew by ${growthMb.toFixed(0)} MB while streaming`);
      } finally {
        await stream.close();
      }
    });

    test('a closed session refuses to run; the driver closes', async () => {
      const closing = await driver.openSession();
      assert.deepEqual((await collect(closing, 'SELECT 5 AS five')).rows, [['5']]);
      await closing.close();
      await assert.rejects(collect(closing, 'SELECT 1'), /closed/);
    });
  });
}
