// Opens a database file for the worker, with messages a person can act on. Runs inside
// the worker.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { OpenOptions } from './worker-protocol.ts';

export class OpenFailure extends Error {}

export function openDatabase({ file, readOnly }: OpenOptions): Database.Database {
  // A missing file would silently become a new empty database: almost always a typo.
  if (!existsSync(file)) throw new OpenFailure(`SQLite database file not found: ${file}`);
  refuseSpecialFile(file);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: readOnly, fileMustExist: true });
  } catch (error) {
    throw new OpenFailure(`Cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    // Opening is lazy; reading the schema proves this is an SQLite database we can read.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    db.close();
    const { code, message } = error as { code?: string; message: string };
    if (code === 'SQLITE_NOTADB') throw new OpenFailure(`${file} is not an SQLite database (or it is encrypted).`);
    throw new OpenFailure(`Cannot read ${file}: ${message}`);
  }
  return db;
}

/**
 * A database is a regular file. SQLite would "open" /dev/null, /dev/urandom or
 * /proc/self/environ as an empty database; refuse them with the reason.
 */
function refuseSpecialFile(file: string): void {
  const stats = statSync(file);
  if (stats.isDirectory()) throw new OpenFailure(`${file} is a directory, not an SQLite database file.`);
  if (!stats.isFile()) throw new OpenFailure(`${file} is not a regular file (a device, pipe or socket), so it cannot be an SQLite database.`);
  if (stats.size > 0) return;
  // Kernel files (/proc, /sys) say they are empty yet have content; a truly empty file is a new database.
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, Buffer.alloc(1), 0, 1, 0) > 0) throw new OpenFailure(`${file} is a special (kernel) file, not an SQLite database file.`);
  } finally {
    closeSync(fd);
  }
}
