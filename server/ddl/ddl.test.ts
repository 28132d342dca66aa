// "Show DDL" on each engine's real database: the statements a user would run to recreate
// the object, with its indexes; names that need quoting; a view.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { connect } from '../db/index.ts';
import type { ConnectTarget } from '../db/driver.ts';
import { startMariadb } from '../testing/mariadb.ts';
import { startPostgres } from '../testing/postgres.ts';
import { ddlFor } from './engines.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function ddlOf(target: ConnectTarget, schema: string, name: string, kind: 'table' | 'view') {
  const driver = await connect(target);
  try {
    return await ddlFor(target).ddl(target, driver, { schema, name, kind });
  } finally {
    await driver.close();
  }
}

test('SQLite: the table, then its indexes, from sqlite_master', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbt-ddl-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const target: ConnectTarget = { engine: 'sqlite', file: join(dir, 'x.db'), readOnly: false };
  const db = new Database(target.file);
  db.exec('CREATE TABLE "it\'s" (id integer primary key, name text); CREATE INDEX by_name ON "it\'s" (name); CREATE VIEW v AS SELECT name FROM "it\'s";');
  db.close();
  const { ddl, source } = await ddlOf(target, 'main', "it's", 'table');
  assert.equal(ddl, 'CREATE TABLE "it\'s" (id integer primary key, name text);\n\nCREATE INDEX by_name ON "it\'s" (name);');
  assert.equal(source, 'sqlite_master');
  assert.equal((await ddlOf(target, 'main', 'v', 'view')).ddl, 'CREATE VIEW v AS SELECT name FROM "it\'s";');
});

test('PostgreSQL: pg_dump --schema-only of one table, quoted name, no session SETs', async () => {
  const server = await startPostgres();
  cleanups.push(() => server.stop());
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE TABLE "Track" (id int PRIMARY KEY, title text NOT NULL); CREATE INDEX track_title ON "Track" (title); CREATE TABLE "track*" (x int); CREATE VIEW titles AS SELECT title FROM "Track"');
  await admin.end();
  const target = server.target();
  const { ddl, source } = await ddlOf(target, 'public', 'Track', 'table');
  assert.match(ddl, /CREATE TABLE public\."Track" \(\n\s+id integer NOT NULL,\n\s+title text NOT NULL\n\);/);
  assert.match(ddl, /CREATE INDEX track_title ON public\."Track" USING btree \(title\);/);
  assert.match(ddl, /PRIMARY KEY \(id\)/);
  assert.doesNotMatch(ddl, /^SET |"track\*"/m); // the pattern is literal: "track*" is another table
  assert.match(source, /^pg_dump \(PostgreSQL\) \d+/);
  assert.match((await ddlOf(target, 'public', 'titles', 'view')).ddl, /CREATE VIEW public\.titles AS\n\s+SELECT/);
});

test('MariaDB: SHOW CREATE TABLE / VIEW', async () => {
  const server = await startMariadb({ database: 'shop' });
  cleanups.push(() => server.stop());
  server.rootSql('CREATE TABLE shop.`or``der` (id int PRIMARY KEY, note varchar(20), KEY by_note (note)); CREATE VIEW shop.notes AS SELECT note FROM shop.`or``der`;');
  const target = { engine: 'mysql', host: server.host, port: server.port, user: server.user, password: server.password, database: 'shop', ssl: { mode: 'disable' }, connectTimeoutSeconds: 10 } as ConnectTarget;
  const { ddl, source } = await ddlOf(target, 'shop', 'or`der', 'table');
  assert.match(ddl, /^CREATE TABLE `or``der` \(\n\s+`id` int\(11\) NOT NULL,[\s\S]+KEY `by_note` \(`note`\)\n\) ENGINE=[^;]+;$/);
  assert.equal(source, 'SHOW CREATE TABLE');
  assert.match((await ddlOf(target, 'shop', 'notes', 'view')).ddl, /VIEW `notes` AS select `or``der`\.`note` AS `note` from `or``der`;$/);
});
