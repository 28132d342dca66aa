// Opens one of the home's own SQLite stores (activity log, analytics history) in WAL mode.
// Two servers sharing a home can open the same store at the same moment; switching a new
// file to WAL then answers SQLITE_BUSY at once, without waiting on the busy timeout (SQLite
// does not call the busy handler there), so the open is retried for a while before giving up.
import Database from 'better-sqlite3';

const GIVE_UP_MS = 5_000;
const PAUSE_MS = 25;

export function openWalDatabase(file: string, schema: string): Database.Database {
  const deadline = Date.now() + GIVE_UP_MS;
  for (;;) {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.exec(schema);
      return db;
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_MS);
    }
  }
}
