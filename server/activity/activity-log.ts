// The activity log's store: <home>/activity.db (SQLite, WAL). Entries are queued and written
// in one transaction a moment later, so recording never waits on the disk in a query's
// path; the newest `cap` entries are kept (older ones deleted as new ones arrive), and a
// recorded text is cut at MAX_TEXT characters, so the file stays bounded.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openWalDatabase } from '../fs/wal-database.ts';
import type { ActivityEntry, ActivityPage, ActivityQuery } from '../protocol/index.ts';

export const DEFAULT_ACTIVITY_CAP = 50_000;
export const MAX_TEXT = 8 * 1024;
const FLUSH_MS = 50;
/** While the file cannot be written (disk full), at most this many entries wait in memory; the oldest go first. */
const MAX_WAITING = 10_000;
const RETRY_MS = 5_000;

export type ActivityRecord = Omit<ActivityEntry, 'id'>;

interface Row {
  id: number;
  at: string;
  kind: ActivityEntry['kind'];
  connection_id: string | null;
  connection_name: string | null;
  text: string;
  duration_ms: number | null;
  rows: number | null;
  error: string | null;
}

export class ActivityLog {
  readonly #db: Database.Database;
  readonly #cap: number;
  #queue: ActivityRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #listeners = new Set<(entries: ActivityEntry[]) => void>();

  /** Told once per failing stretch that entries cannot be written (e.g. the disk is full). */
  readonly #onWriteError: (error: Error) => void;
  #failing = false;

  constructor(home: string, options: { cap?: number; file?: string; onWriteError?: (error: Error) => void } = {}) {
    this.#cap = options.cap ?? DEFAULT_ACTIVITY_CAP;
    this.#onWriteError = options.onWriteError ?? (() => {});
    this.#db = openWalDatabase(options.file ?? join(home, 'activity.db'), `CREATE TABLE IF NOT EXISTS activity (
      id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL,
      connection_id TEXT, connection_name TEXT, text TEXT NOT NULL,
      duration_ms REAL, rows INTEGER, error TEXT)`);
  }

  /** Queues an entry; it is written (and pushed to subscribers) within FLUSH_MS. */
  add(record: ActivityRecord): void {
    this.#queue.push({ ...record, text: cut(record.text), error: record.error === null ? null : cut(record.error) });
    this.#timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** New entries as they are written. */
  subscribe(listener: (entries: ActivityEntry[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Writes the queued entries. A failed write (a full disk) never throws into the caller or
   * the timer: the entries stay queued (bounded) and are tried again a little later.
   */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#queue.length) return;
    const queued = this.#queue;
    this.#queue = [];
    let written: ActivityEntry[];
    try {
      written = this.#write(queued);
    } catch (error) {
      this.#queue = [...queued, ...this.#queue].slice(-MAX_WAITING);
      this.#timer = setTimeout(() => this.flush(), RETRY_MS);
      this.#timer.unref();
      if (!this.#failing) this.#onWriteError(error as Error);
      this.#failing = true;
      return;
    }
    this.#failing = false;
    for (const listener of this.#listeners) listener(written);
  }

  #write(records: ActivityRecord[]): ActivityEntry[] {
    const insert = this.#db.prepare(`INSERT INTO activity (at, kind, connection_id, connection_name, text, duration_ms, rows, error)
      VALUES (@at, @kind, @connectionId, @connectionName, @text, @durationMs, @rows, @error)`);
    return this.#db.transaction(() => {
      const entries = records.map((r) => ({ ...r, id: Number(insert.run(r).lastInsertRowid) }));
      const last = entries.at(-1)!.id;
      this.#db.prepare('DELETE FROM activity WHERE id <= ?').run(last - this.#cap);
      return entries;
    })();
  }

  /** Newest first, filtered; `next` pages on to older entries. */
  page(query: ActivityQuery): ActivityPage {
    this.flush();
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: query.limit + 1 };
    if (query.connection) {
      where.push('connection_id = @connection');
      args.connection = query.connection;
    }
    if (query.kind) {
      where.push('kind = @kind');
      args.kind = query.kind;
    }
    if (query.errors) where.push('error IS NOT NULL');
    if (query.before) {
      where.push('id < @before');
      args.before = query.before;
    }
    if (query.q) {
      where.push("(text LIKE @q ESCAPE '\\' OR error LIKE @q ESCAPE '\\' OR connection_name LIKE @q ESCAPE '\\')");
      args.q = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const sql = `SELECT * FROM activity ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    const rows = this.#db.prepare(sql).all(args) as Row[];
    const more = rows.length > query.limit;
    const entries = rows.slice(0, query.limit).map(toEntry);
    return { entries, next: more ? entries.at(-1)!.id : null };
  }

  close(): void {
    this.flush();
    this.#db.close();
  }
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length - MAX_TEXT} more characters)` : text;
}

function toEntry(row: Row): ActivityEntry {
  return {
    id: row.id, at: row.at, kind: row.kind, connectionId: row.connection_id, connectionName: row.connection_name,
    text: row.text, durationMs: row.duration_ms, rows: row.rows, error: row.error,
  };
}
