// The week-long view: chart points averaged per minute, per watched database, in
// <home>/analytics-history.db (SQLite: each minute's row is committed, and a crash loses at
// most the minute being averaged). Kept 7 days; only written while someone watches.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openWalDatabase } from '../fs/wal-database.ts';
import type { HistoryPoint } from '../protocol/index.ts';

const KEEP_MS = 7 * 24 * 3600 * 1000;
const MINUTE_MS = 60_000;
type Numeric = Exclude<keyof HistoryPoint, 'at'>;
const FIELDS: Numeric[] = ['active', 'idle', 'idleInTransaction', 'blocked', 'tps', 'rowsRead', 'rowsWritten', 'cacheHitRatio', 'databaseBytes'];

interface Bucket {
  minute: number;
  points: HistoryPoint[];
}

export class MinuteHistory {
  readonly #file: string;
  #open: Database.Database | null = null;
  readonly #buckets = new Map<string, Bucket>();
  #lastPruneMs = 0;

  constructor(home: string, file = join(home, 'analytics-history.db')) {
    this.#file = file;
  }

  /** Opened on first use: a server whose databases are never watched has no such file. */
  get #db(): Database.Database {
    if (!this.#open) {
      this.#open = openWalDatabase(this.#file, 'CREATE TABLE IF NOT EXISTS points (connection_id TEXT NOT NULL, minute INTEGER NOT NULL, point TEXT NOT NULL, PRIMARY KEY (connection_id, minute)) WITHOUT ROWID');
    }
    return this.#open;
  }

  /** Adds a point; a finished minute is averaged and written. */
  add(connectionId: string, point: HistoryPoint): void {
    const minute = Math.floor(Date.parse(point.at) / MINUTE_MS) * MINUTE_MS;
    const bucket = this.#buckets.get(connectionId);
    if (bucket && bucket.minute !== minute) this.#write(connectionId, bucket);
    if (!bucket || bucket.minute !== minute) this.#buckets.set(connectionId, { minute, points: [point] });
    else bucket.points.push(point);
    if (Date.now() - this.#lastPruneMs > 3600_000) this.#prune();
  }

  /** Per-minute points since `sinceMs`, oldest first, with the minute being averaged now. */
  since(connectionId: string, sinceMs: number): HistoryPoint[] {
    const rows = this.#db.prepare('SELECT point FROM points WHERE connection_id = ? AND minute >= ? ORDER BY minute').all(connectionId, sinceMs) as { point: string }[];
    const points = rows.map((r) => JSON.parse(r.point) as HistoryPoint);
    const bucket = this.#buckets.get(connectionId);
    if (bucket && bucket.minute >= sinceMs) points.push(average(bucket));
    return points;
  }

  /** Writes the minutes being averaged (a watcher left, or shutdown). */
  flush(connectionId?: string): void {
    for (const [id, bucket] of this.#buckets) {
      if (connectionId !== undefined && id !== connectionId) continue;
      this.#write(id, bucket);
      this.#buckets.delete(id);
    }
  }

  close(): void {
    this.flush();
    this.#open?.close();
    this.#open = null;
  }

  #write(connectionId: string, bucket: Bucket): void {
    this.#db.prepare('INSERT OR REPLACE INTO points (connection_id, minute, point) VALUES (?, ?, ?)').run(connectionId, bucket.minute, JSON.stringify(average(bucket)));
  }

  #prune(): void {
    this.#lastPruneMs = Date.now();
    this.#db.prepare('DELETE FROM points WHERE minute < ?').run(Date.now() - KEEP_MS);
  }
}

function average(bucket: Bucket): HistoryPoint {
  const point = { at: new Date(bucket.minute).toISOString() } as HistoryPoint;
  for (const field of FIELDS) {
    const values = bucket.points.map((p) => p[field]).filter((v): v is number => v !== null);
    (point as Record<Numeric, number | null>)[field] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }
  return point;
}
