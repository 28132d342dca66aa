// ADD COLUMN is chosen only when the CREATE text SQLite then stores is the desired one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { addedColumnTexts } from './create-text.ts';

const CURRENT = 'CREATE TABLE books (id INTEGER PRIMARY KEY, "the title" TEXT, CHECK (id > 0))';

test('the added definitions, as written, when SQLite would store the desired text', () => {
  const desired = 'CREATE TABLE books (id INTEGER PRIMARY KEY, "the title" TEXT, isbn TEXT DEFAULT \'x,y\', "n (1)" INT, CHECK (id > 0))';
  const texts = addedColumnTexts(CURRENT, desired, ['isbn', 'n (1)']);
  assert.deepEqual(texts, ["isbn TEXT DEFAULT 'x,y'", '"n (1)" INT']);
  const db = new Database(':memory:');
  db.exec(CURRENT);
  for (const text of texts!) db.exec(`ALTER TABLE books ADD COLUMN ${text}`);
  assert.equal(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'books'").pluck().get(), desired);
  db.close();
});

test('null (so the table is rebuilt) when the text would differ or the column is not last', () => {
  assert.equal(addedColumnTexts(CURRENT, 'CREATE TABLE books (id INTEGER PRIMARY KEY, "the title" TEXT,\n  isbn TEXT, CHECK (id > 0))', ['isbn']), null);
  assert.equal(addedColumnTexts(CURRENT, 'CREATE TABLE books (isbn TEXT, id INTEGER PRIMARY KEY, "the title" TEXT, CHECK (id > 0))', ['isbn']), null);
});
