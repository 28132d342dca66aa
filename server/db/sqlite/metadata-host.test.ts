// The metadata worker is there only while it is used, and a file that went bad fails the
// call that needed it with the reason.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { ConnectError } from '../errors.ts';
import { MetadataHost } from './metadata-host.ts';

let dir: string;
let file: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dbt-metadata-host-'));
  file = join(dir, 'shop.db');
  const db = new Database(file);
  db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
  db.close();
});

after(() => rmSync(dir, { recursive: true, force: true }));

const tableNames = async (host: MetadataHost) => (await host.call('listObjects', 'main', {})).objects.map((o) => o.name);

test('no worker until the first question; it ends when idle, and the next question starts another', async () => {
  const host = new MetadataHost({ file, readOnly: false }, 200);
  try {
    assert.equal(host.running, false);
    assert.deepEqual(await tableNames(host), ['customers']);
    assert.equal(host.running, true);
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(host.running, false, 'the worker outlived its idle time');
    assert.deepEqual(await tableNames(host), ['customers']);
    assert.equal(host.running, true);
  } finally {
    await host.close();
  }
});

test('questions keep the worker: it ends only after the last one', async () => {
  const host = new MetadataHost({ file, readOnly: false }, 300);
  try {
    for (let i = 0; i < 4; i++) {
      await tableNames(host);
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(host.running, true);
    }
  } finally {
    await host.close();
  }
});

test('a file that is no longer a database fails the question with the reason', async () => {
  const broken = join(dir, 'broken.db');
  writeFileSync(broken, 'not a database, but text long enough to have a header. '.repeat(20));
  const host = new MetadataHost({ file: broken, readOnly: false }, 200);
  try {
    await assert.rejects(tableNames(host), (error: unknown) => {
      assert.ok(error instanceof ConnectError, String(error));
      assert.match(error.message, /not an SQLite database/);
      return true;
    });
  } finally {
    await host.close();
  }
});
