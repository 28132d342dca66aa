// The schema diff's round-trip corpus on SQLite (see testing/schema-roundtrip.ts): every
// change diffed, applied up (then no difference is left) and down (then the target is as
// it was), with rows in the target kept through the table rebuilds.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { casesOf, type Edit } from '../../schema-diff/corpus.ts';
import { catalogQuery } from '../../schema-diff/catalog-query.ts';
import { runCorpus, runScript } from '../../testing/schema-roundtrip.ts';
import type { Driver, QuerySession } from '../driver.ts';
import { connect } from '../index.ts';

const STANDARD = [
  'CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)',
  'CREATE TABLE books (id INTEGER PRIMARY KEY AUTOINCREMENT, author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE, title TEXT NOT NULL, price NUMERIC(8,2) DEFAULT 0, CHECK (price >= 0))',
  'CREATE INDEX books_author ON books (author_id)',
  'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)',
  'CREATE VIEW cheap AS SELECT id, title FROM books WHERE price < 10',
];
const DATA = ["INSERT INTO authors VALUES (1, 'Ursula', 'u@example.com')", "INSERT INTO books (author_id, title, price) VALUES (1, 'Kindred', 5)", "INSERT INTO notes VALUES (1, 'n')"];
const PRICE = 'price NUMERIC(8,2) DEFAULT 0';

const EDITS: Edit[] = [
  { name: 'add nullable column', replace: [[PRICE, `${PRICE}, isbn TEXT`]] },
  { name: 'add NOT NULL column with default', replace: [[PRICE, `${PRICE}, stock INTEGER NOT NULL DEFAULT 0`]] },
  { name: 'add column with CURRENT_TIMESTAMP default', replace: [[PRICE, `${PRICE}, created TEXT DEFAULT CURRENT_TIMESTAMP`]] },
  { name: 'type change', replace: [['NUMERIC(8,2)', 'REAL']] },
  { name: 'nullability', replace: [['title TEXT NOT NULL', 'title TEXT']] },
  { name: 'default value change', replace: [['DEFAULT 0', 'DEFAULT 1']] },
  { name: 'default added', replace: [['name TEXT NOT NULL', "name TEXT NOT NULL DEFAULT 'anonymous'"]] },
  { name: 'add index', add: ['CREATE INDEX books_title ON books (title)'] },
  { name: 'index columns change', replace: [['books_author ON books (author_id)', 'books_author ON books (author_id, title DESC)']] },
  { name: 'unique index', replace: [['CREATE INDEX books_author', 'CREATE UNIQUE INDEX books_author']] },
  { name: 'partial index', add: ['CREATE INDEX books_cheap ON books (price) WHERE price < 10'] },
  { name: 'expression index', add: ['CREATE INDEX authors_lower_name ON authors (lower(name))'] },
  { name: 'add unique constraint', replace: [['email TEXT UNIQUE)', 'email TEXT UNIQUE, UNIQUE (name))']] },
  { name: 'drop unique constraint', replace: [['email TEXT UNIQUE', 'email TEXT']] },
  { name: 'foreign key action', replace: [['ON DELETE CASCADE', 'ON DELETE SET NULL ON UPDATE CASCADE']] },
  { name: 'add foreign key column', data: ["INSERT INTO authors (id, name, email) VALUES (1, 'Ursula', 'u@example.com')"], replace: [['email TEXT UNIQUE', 'email TEXT UNIQUE, mentor_id INTEGER REFERENCES authors (id)']] },
  { name: 'check change', replace: [['CHECK (price >= 0)', 'CHECK (price >= 0 AND price < 1000)']] },
  { name: 'named check', replace: [['email TEXT UNIQUE)', 'email TEXT UNIQUE, CONSTRAINT name_length CHECK (length(name) > 0))']] },
  { name: 'view change', replace: [['price < 10', 'price < 20']] },
  { name: 'add view', add: ['CREATE VIEW author_names AS SELECT name FROM authors'] },
  { name: 'view on view', add: ['CREATE VIEW cheapest AS SELECT id FROM cheap WHERE id < 3'] },
  { name: 'add table', add: ["CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE, color TEXT DEFAULT 'red')"] },
  { name: 'rename column as drop+add', data: DATA.slice(0, 1), replace: [['title TEXT NOT NULL', "headline TEXT NOT NULL DEFAULT ''"], ['id, title FROM', 'id, headline FROM']] },
  { name: 'rename table as drop+add', data: DATA.slice(0, 2), replace: [['TABLE notes (', 'TABLE memos (']] },
  { name: 'primary key change', replace: [['notes (id INTEGER PRIMARY KEY, body TEXT)', 'notes (id INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (id, body))']] },
  { name: 'drop autoincrement', replace: [['PRIMARY KEY AUTOINCREMENT', 'PRIMARY KEY']] },
  { name: 'several changes in one table', replace: [['NUMERIC(8,2)', 'REAL'], ['title TEXT NOT NULL', 'title TEXT'], [PRICE, `${PRICE.replace('NUMERIC(8,2)', 'REAL')}, isbn TEXT`]] },
];

const dir = mkdtempSync(join(tmpdir(), 'dbt-schema-diff-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Drops every view and table (foreign keys off, so in any order). */
async function empty(driver: Driver, session: QuerySession): Promise<void> {
  const names = await catalogQuery(session)<'type' | 'name'>(`SELECT type, name FROM sqlite_schema WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type DESC`);
  const drops = names.map((n) => `DROP ${n.type === 'view' ? 'VIEW' : 'TABLE'} "${n.name!.replaceAll('"', '""')}";`);
  await runScript(driver, session, ['PRAGMA foreign_keys = OFF;', ...drops, 'PRAGMA foreign_keys = ON;'].join('\n'));
}

/** The schema as `sqlite3 .schema` prints it: each object's CREATE text as stored in sqlite_schema. */
async function dump(session: QuerySession): Promise<string> {
  const rows = await catalogQuery(session)<'sql'>(`SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY type, name`);
  return rows.map((r) => `${r.sql};`).join('\n');
}

test(`SQLite: ${EDITS.length * 2} schema changes round-trip through the diff`, { timeout: 300_000 }, async () => {
  const { default: Database } = await import('better-sqlite3');
  const files = [join(dir, 'source.db'), join(dir, 'target.db')];
  for (const file of files) new Database(file).close();
  const [source, target] = await Promise.all(files.map((file) => connect({ engine: 'sqlite', file, readOnly: false })));
  const sessions = [await source!.openSession(), await target!.openSession()] as const;
  try {
    const databases = {
      engine: 'sqlite' as const,
      source: sessions[0],
      target: sessions[1],
      reset: async () => {
        await empty(source!, sessions[0]);
        await empty(target!, sessions[1]);
      },
      dumpTarget: () => dump(sessions[1]),
    };
    const failures = await runCorpus('SQLite', target!, databases, casesOf(STANDARD, DATA, EDITS), 'main');
    assert.deepEqual(failures, []);
  } finally {
    for (const session of sessions) await session.close();
    await source!.close();
    await target!.close();
  }
});
