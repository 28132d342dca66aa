// A new user should have something to explore at once: on first run (no connections.json
// yet) a sample SQLite database is generated in <home>/samples/ and a connection to it is
// saved and opened. Deleting that connection later is respected: it is not re-created.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionStore } from './store.ts';

export const SAMPLE_CONNECTION_NAME = 'Sample database';

export async function addSampleConnection(home: string, store: ConnectionStore, createSampleDatabase: (file: string) => void | Promise<void>): Promise<void> {
  const dir = join(home, 'samples');
  const file = join(dir, 'sample.db');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) await createSampleDatabase(file);
  store.create({ name: SAMPLE_CONNECTION_NAME, settings: { engine: 'sqlite', file, readOnly: false }, autoConnect: true });
}
