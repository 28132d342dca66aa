import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMigration, listMigrations, nextVersion, parseFileName, readMigrationFile, saveMigrationFile, sha256 } from './files.ts';
import { MigrationFolders } from './folders.ts';

const folder = () => mkdtempSync(join(tmpdir(), 'dbt-mig-'));

test('golang-migrate names parse; other files are ignored', () => {
  assert.deepEqual(parseFileName('000001_create_users.up.sql'), { version: '1', name: 'create_users', direction: 'up' });
  assert.deepEqual(parseFileName('20240101120000_x.down.sql'), { version: '20240101120000', name: 'x', direction: 'down' });
  assert.equal(parseFileName('README.md'), null);
  assert.equal(parseFileName('1_x.sql'), null);
  assert.equal(parseFileName('99999999999999999999_x.up.sql'), null);
});

test('an existing folder opens as it is, pairs by version in numeric order', () => {
  const dir = folder();
  writeFileSync(join(dir, '10_ten.up.sql'), 'SELECT 10;');
  writeFileSync(join(dir, '9_nine.up.sql'), 'SELECT 9;');
  writeFileSync(join(dir, '9_nine.down.sql'), 'SELECT -9;');
  writeFileSync(join(dir, 'notes.txt'), 'x');
  const list = listMigrations(dir);
  assert.deepEqual(list.map((m) => [m.version, m.name, m.up?.file, m.down?.file]), [
    ['9', 'nine', '9_nine.up.sql', '9_nine.down.sql'],
    ['10', 'ten', '10_ten.up.sql', undefined],
  ]);
  assert.equal(list[0]!.up!.sha256, sha256('SELECT 9;'));
  assert.deepEqual(listMigrations(join(dir, 'missing')), []);
});

test('new pairs: sequential numbering continues, else a timestamp; a taken version is refused', () => {
  const dir = folder();
  const first = createMigration(dir, { name: 'Create users!', version: '000001' });
  assert.equal(first.up!.file, '000001_create_users.up.sql');
  const second = createMigration(dir, { name: 'add email', up: 'ALTER TABLE users ADD email TEXT;' });
  assert.equal(second.up!.file, '000002_add_email.up.sql');
  assert.equal(readMigrationFile(dir, second.up!.file), 'ALTER TABLE users ADD email TEXT;');
  assert.throws(() => createMigration(dir, { name: 'again', version: '2' }), /exists already/);
  assert.equal(nextVersion([], new Date('2026-12-02T15:42:05Z')), '20261202154205');
  assert.deepEqual(readdirSync(dir).sort(), ['000001_create_users.down.sql', '000001_create_users.up.sql', '000002_add_email.down.sql', '000002_add_email.up.sql']);
});

test('saving a file replaces it atomically; names outside the pattern are refused', () => {
  const dir = folder();
  const pair = createMigration(dir, { name: 'x' });
  assert.equal(saveMigrationFile(dir, pair.up!.file, 'SELECT 2;').sha256, sha256('SELECT 2;'));
  assert.equal(readMigrationFile(dir, pair.up!.file), 'SELECT 2;');
  assert.throws(() => saveMigrationFile(dir, '../../etc/passwd', 'x'), /not a migration file name/);
  assert.throws(() => saveMigrationFile(dir, '5_missing.up.sql', 'x'), /is not in/);
});

test('folders: a default per connection, another one chosen and remembered', () => {
  const home = folder();
  const folders = new MigrationFolders(home);
  assert.equal(folders.folderOf('c1'), join(home, 'migrations', 'c1'));
  const other = folder();
  folders.choose('c1', other);
  assert.equal(new MigrationFolders(home).folderOf('c1'), other);
  assert.throws(() => folders.choose('c1', 'relative/path'), /absolute/);
  folders.choose('c1', null);
  assert.equal(new MigrationFolders(home).folderOf('c1'), join(home, 'migrations', 'c1'));
  assert.ok(existsSync(join(home, 'migrations', 'folders.json')));
});
