// SQLite's analytics monitor: no server and no other sessions to list, so it reports the
// file — database, WAL and free-page bytes, the page cache setting — and the sessions this
// app has open on it. A read-only handle reads the pragmas (cheap header reads).
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Monitor, MonitorOptions, Reading } from '../../analytics/monitor.ts';
import { AppError } from '../../errors.ts';
import { ConnectError } from '../errors.ts';
import type { TargetOf } from '../driver.ts';

export async function openSqliteMonitor(target: TargetOf<'sqlite'>, options: MonitorOptions): Promise<Monitor> {
  let db: Database.Database;
  try {
    db = new Database(target.file, { readonly: true, fileMustExist: true, timeout: 200 });
  } catch (error) {
    throw new ConnectError(`Cannot open ${target.file} to monitor it: ${(error as Error).message}`);
  }
  return new SqliteMonitor(db, target.file, options);
}

class SqliteMonitor implements Monitor {
  readonly selfPid = null;
  readonly #db: Database.Database;
  readonly #file: string;
  readonly #options: MonitorOptions;

  constructor(db: Database.Database, file: string, options: MonitorOptions) {
    this.#db = db;
    this.#file = file;
    this.#options = options;
  }

  async read(): Promise<Reading> {
    const pragma = (name: string) => Number(this.#db.pragma(name, { simple: true }));
    const pageSize = pragma('page_size');
    const fileBytes = fileSize(this.#file);
    const walBytes = fileSize(`${this.#file}-wal`);
    const cacheSize = pragma('cache_size');
    const appSessions = this.#options.appSessions();
    return {
      // Other processes' connections cannot be seen; this app's are counted below.
      sessions: [],
      databaseBytes: fileBytes + walBytes,
      // This app's query sessions on the database: other processes' cannot be seen.
      connections: { current: appSessions, max: null },
      counters: { transactions: null, rowsRead: null, rowsWritten: null, cacheHits: null, cacheMisses: null },
      tempFiles: null,
      deadlocks: null,
      topStatements: { statements: [], note: 'SQLite keeps no statistics of the statements run on a database.' },
      details: {
        fileBytes,
        walBytes,
        freeBytes: pragma('freelist_count') * pageSize,
        pageSize,
        pageCount: pragma('page_count'),
        journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
        // Negative: a size in KiB; positive: a number of pages (SQLite's convention).
        pageCacheBytes: cacheSize < 0 ? -cacheSize * 1024 : cacheSize * pageSize,
      },
    };
  }

  async act(): Promise<boolean> {
    throw new AppError('not_supported', 'SQLite has no server sessions to cancel or terminate.');
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
