// Opens a database file for the worker, with messages a person can act on. Runs inside
// the worker.
import Database from 'better-sqlite3';
import { checkDatabaseFile, OpenFailure } from './file-check.ts';
import type { OpenOptions } from './worker-protocol.ts';

export function openDatabase({ file, readOnly }: OpenOptions): Database.Database {
  checkDatabaseFile(file);
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
