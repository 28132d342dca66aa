// The connection watch with a real SQLite driver: a database file that disappears shows the
// connection as down (status error, with the reason) at the next ping, and as connected again
// once the file is back; the driver is kept throughout.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pino from 'pino';
import { connect } from '../db/index.ts';
import { createSampleDatabase } from '../db/sample/sample-database.ts';
import { SecretScrubber } from '../logging/secret-scrubber.ts';
import { ConnectionManager } from './manager.ts';
import { SecretBox } from './secret-box.ts';
import { ConnectionStore } from './store.ts';

const home = mkdtempSync(join(tmpdir(), 'dbt-watch-'));
after(() => rmSync(home, { recursive: true, force: true }));

test('a SQLite file that disappears shows as down, and as connected once it is back', async () => {
  const file = join(home, 'data.db');
  createSampleDatabase(file);
  const store = new ConnectionStore(home, SecretBox.open(home, undefined));
  const manager = new ConnectionManager(store, connect, pino({ level: 'silent' }), new SecretScrubber());
  const { id } = manager.create({ name: 'Data', settings: { engine: 'sqlite', file, readOnly: true } });
  const driver = await manager.driver(id);
  await manager.pingAll();
  assert.equal(manager.get(id).status, 'connected');

  renameSync(file, `${file}.moved`);
  await manager.pingAll();
  const down = manager.get(id);
  assert.equal(down.status, 'error');
  assert.match(String(down.error), /data\.db is gone/);

  copyFileSync(`${file}.moved`, file);
  await manager.pingAll();
  assert.equal(manager.get(id).status, 'connected');
  assert.equal(await manager.driver(id), driver, 'the same driver, never closed');
  await manager.closeAll();
});
