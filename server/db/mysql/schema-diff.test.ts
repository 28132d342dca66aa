// The schema diff's round-trip corpus on MariaDB (see testing/schema-roundtrip.ts): two
// databases of a throwaway server, re-created between cases; every change diffed, applied
// up (no difference left) and down (the target as it was), rows in the target kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { casesOf, type Edit } from '../../schema-diff/corpus.ts';
import { collect } from '../../testing/query-results.ts';
import { startMariadb } from '../../testing/mariadb.ts';
import { runCorpus, runScript } from '../../testing/schema-roundtrip.ts';
import type { ConnectTarget, QuerySession } from '../driver.ts';
import { connect } from '../index.ts';

const STANDARD = [
  'CREATE TABLE authors (id int NOT NULL PRIMARY KEY, name varchar(100) NOT NULL, email varchar(200) NULL, UNIQUE KEY authors_email (email))',
  "CREATE TABLE books (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, author_id int NOT NULL, title varchar(200) NOT NULL, price decimal(8,2) DEFAULT 0, status enum('draft','published') NOT NULL DEFAULT 'draft', KEY books_author (author_id), CONSTRAINT books_price CHECK (price >= 0), CONSTRAINT books_author_fk FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE CASCADE)",
  'CREATE TABLE notes (id int NOT NULL PRIMARY KEY, body text)',
  'CREATE VIEW cheap AS SELECT id, title FROM books WHERE price < 10',
];
const DATA = ["INSERT INTO authors (id, name, email) VALUES (1, 'Ursula', 'u@example.com')", "INSERT INTO books (author_id, title, price) VALUES (1, 'Kindred', 5)", "INSERT INTO notes VALUES (1, 'n')"];
const PRICE = 'price decimal(8,2) DEFAULT 0';

const EDITS: Edit[] = [
  { name: 'add nullable column', replace: [[PRICE, `${PRICE}, isbn varchar(20) NULL`]] },
  { name: 'add NOT NULL column with default', replace: [[PRICE, `${PRICE}, stock int NOT NULL DEFAULT 0`]] },
  { name: 'add column with current_timestamp default', replace: [[PRICE, `${PRICE}, created datetime DEFAULT current_timestamp()`]] },
  { name: 'type change (precision)', replace: [['decimal(8,2)', 'decimal(10,2)']] },
  { name: 'type change (varchar length)', replace: [['title varchar(200)', 'title varchar(300)']] },
  { name: 'type change (int to bigint)', replace: [['notes (id int', 'notes (id bigint']] },
  { name: 'nullability', replace: [['title varchar(200) NOT NULL', 'title varchar(200) NULL']] },
  { name: 'default value change', replace: [['DEFAULT 0', 'DEFAULT 1']] },
  { name: 'default added', replace: [['name varchar(100) NOT NULL', "name varchar(100) NOT NULL DEFAULT 'anonymous'"]] },
  { name: 'add index', add: ['CREATE INDEX books_title ON books (title)'] },
  { name: 'index columns change', replace: [['KEY books_author (author_id)', 'KEY books_author (author_id, title)']] },
  { name: 'unique index', add: ['CREATE UNIQUE INDEX books_title_unique ON books (title, author_id)'] },
  { name: 'prefix index', add: ['CREATE INDEX books_title_prefix ON books (title(20))'] },
  { name: 'fulltext index', add: ['CREATE FULLTEXT INDEX notes_body ON notes (body)'] },
  { name: 'drop unique key', replace: [[', UNIQUE KEY authors_email (email)', '']] },
  { name: 'foreign key action', replace: [['ON DELETE CASCADE', 'ON DELETE SET NULL ON UPDATE CASCADE'], ['author_id int NOT NULL', 'author_id int NULL']] },
  { name: 'add foreign key column', data: DATA.slice(0, 1), replace: [['email varchar(200) NULL,', 'email varchar(200) NULL, mentor_id int NULL, CONSTRAINT authors_mentor FOREIGN KEY (mentor_id) REFERENCES authors (id),']] },
  { name: 'check change', replace: [['CHECK (price >= 0)', 'CHECK (price >= 0 AND price < 1000)']] },
  { name: 'add check', replace: [['UNIQUE KEY authors_email (email)', 'UNIQUE KEY authors_email (email), CONSTRAINT name_length CHECK (char_length(name) > 0)']] },
  { name: 'view change', replace: [['price < 10', 'price < 20']] },
  { name: 'add view', add: ['CREATE VIEW author_names AS SELECT name FROM authors'] },
  { name: 'view on view', add: ['CREATE VIEW cheapest AS SELECT id FROM cheap WHERE id < 3'] },
  { name: 'add table', add: ["CREATE TABLE tags (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, label varchar(50) NOT NULL UNIQUE, color varchar(10) DEFAULT 'red')"] },
  { name: 'rename column as drop+add', data: DATA.slice(0, 1), replace: [['title varchar(200) NOT NULL', "headline varchar(200) NOT NULL DEFAULT ''"], ['id, title FROM', 'id, headline FROM']] },
  { name: 'rename table as drop+add', data: DATA.slice(0, 2), replace: [['TABLE notes (', 'TABLE memos (']] },
  { name: 'primary key change', replace: [['notes (id int NOT NULL PRIMARY KEY, body text)', 'notes (id int NOT NULL, body varchar(100) NOT NULL, PRIMARY KEY (id, body))']] },
  { name: 'enum value appended', replace: [["enum('draft','published')", "enum('draft','published','retired')"]] },
  { name: 'drop auto-increment', replace: [['id int NOT NULL AUTO_INCREMENT PRIMARY KEY', 'id int NOT NULL PRIMARY KEY']], data: DATA.slice(0, 1) },
  { name: 'several changes in one table', replace: [['decimal(8,2)', 'decimal(12,3)'], ['title varchar(200) NOT NULL', 'title varchar(250) NULL'], [PRICE, `${PRICE.replace('decimal(8,2)', 'decimal(12,3)')}, isbn varchar(20) NULL`]] },
];

/** The schema as `mariadb-dump --no-data` writes it: SHOW CREATE TABLE / VIEW of each object, by name. */
async function dump(session: QuerySession): Promise<string> {
  const objects = (await collect(session, 'SHOW FULL TABLES')).rows.sort((a, b) => a[0]!.localeCompare(b[0]!));
  const texts: string[] = [];
  for (const [name, type] of objects) {
    const quoted = `\`${name!.replaceAll('`', '``')}\``;
    texts.push(`${(await collect(session, `SHOW CREATE ${type === 'VIEW' ? 'VIEW' : 'TABLE'} ${quoted}`)).rows[0]![1]};`);
  }
  return texts.join('\n');
}

test(`MariaDB: ${EDITS.length * 2} schema changes round-trip through the diff`, { timeout: 600_000 }, async () => {
  const server = await startMariadb({ database: 'diff_source' });
  server.rootSql('CREATE DATABASE diff_target;');
  const target = (database: string): ConnectTarget => ({
    engine: 'mysql', host: server.host, port: server.port, user: server.user, password: server.password, database, ssl: { mode: 'disable' }, connectTimeoutSeconds: 10,
  });
  const drivers = [await connect(target('diff_source')), await connect(target('diff_target'))] as const;
  const sessions = [await drivers[0].openSession(), await drivers[1].openSession()] as const;
  try {
    const reset = (name: string) => `DROP DATABASE ${name}; CREATE DATABASE ${name}; USE ${name};`;
    const databases = {
      engine: 'mysql' as const,
      source: sessions[0],
      target: sessions[1],
      reset: async () => {
        await runScript(drivers[0], sessions[0], reset('diff_source'));
        await runScript(drivers[1], sessions[1], reset('diff_target'));
      },
      dumpTarget: () => dump(sessions[1]),
    };
    const failures = await runCorpus('MariaDB', drivers[1], databases, casesOf(STANDARD, DATA, EDITS), '');
    assert.deepEqual(failures, []);
  } finally {
    for (const session of sessions) await session.close();
    for (const driver of drivers) await driver.close();
    await server.stop();
  }
});
