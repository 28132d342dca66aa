// The SQLite library's version, asked of better-sqlite3 on the server's thread (it is
// loaded there anyway, for the home's own stores): a connection reports it without
// starting its worker, which runs the same library.
import Database from 'better-sqlite3';

let version: string | undefined;

/** "SQLite 3.x.y". */
export function sqliteLibraryVersion(): string {
  if (version === undefined) {
    const db = new Database(':memory:');
    try {
      version = `SQLite ${db.prepare('SELECT sqlite_version()').pluck().get() as string}`;
    } finally {
      db.close();
    }
  }
  return version;
}
