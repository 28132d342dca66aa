import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SecretBox } from './secret-box.ts';
import { ConnectionStore } from './store.ts';

const pg = { engine: 'postgres' as const, host: 'db.local', port: 5432, database: 'app', user: 'alice', ssl: { mode: 'prefer' as const }, connectTimeoutSeconds: 10 };

function fresh() {
  const home = mkdtempSync(join(tmpdir(), 'dbt-store-'));
  return { home, store: new ConnectionStore(home, SecretBox.open(home, undefined)) };
}

test('saved connections survive a restart; the file holds no plaintext password and is 0600', () => {
  const { home, store } = fresh();
  const saved = store.create({ name: 'App DB', settings: pg, password: 'correct horse battery' });
  const raw = readFileSync(join(home, 'connections.json'), 'utf8');
  assert.ok(!raw.includes('correct horse battery'));
  assert.equal(statSync(join(home, 'connections.json')).mode & 0o777, 0o600);

  const reopened = new ConnectionStore(home, SecretBox.open(home, undefined));
  assert.equal(reopened.get(saved.id).name, 'App DB');
  assert.equal(reopened.password(saved.id), 'correct horse battery');
});

test('edit keeps the password when none is given, replaces it when given, removes it on null', () => {
  const { store } = fresh();
  const { id } = store.create({ name: 'a', settings: pg, password: 'one' });
  store.update(id, { name: 'b', settings: pg });
  assert.equal(store.password(id), 'one');
  store.update(id, { name: 'b', settings: pg, password: 'two' });
  assert.equal(store.password(id), 'two');
  store.update(id, { name: 'b', settings: pg, password: null });
  assert.equal(store.password(id), undefined);
});

test('unknown ids are a NotFoundError naming the id', () => {
  const { store } = fresh();
  assert.throws(() => store.get('nope'), /No saved connection with id "nope"/);
  assert.throws(() => store.remove('nope'), /nope/);
});

test('an unreadable file is moved aside, not overwritten', () => {
  const { home } = fresh();
  writeFileSync(join(home, 'connections.json'), '{"version":1,"connections":[{"broken"');
  const store = new ConnectionStore(home, SecretBox.open(home, undefined));
  assert.deepEqual(store.list(), []);
  assert.ok(store.recoveredFrom && existsSync(store.recoveredFrom));
  assert.equal(readFileSync(store.recoveredFrom, 'utf8'), '{"version":1,"connections":[{"broken"');
  store.create({ name: 'new', settings: pg });
  assert.equal(readdirSync(home).filter((f) => f.startsWith('connections.json')).length, 2);
});
