// What an engine's monitor (db/<engine>/monitor.ts) gives the analytics collector: one
// dedicated connection that reads the engine's activity and statistics views, and the
// cancel/terminate actions. The collector (collector.ts) turns readings into snapshots:
// rates from counter deltas, long-running flags, blocker chains.
import type { ConnectTarget } from '../db/driver.ts';
import type { TopStatements } from '../protocol/index.ts';

export interface SessionRow {
  pid: number;
  queryKey: string | null;
  startedAt: string | null;
  user: string | null;
  application: string | null;
  client: string | null;
  database: string | null;
  state: string;
  /** Seconds in the current state (sessions by state: "how long"). */
  stateSeconds: number | null;
  waitEvent: string | null;
  durationSeconds: number | null;
  text: string | null;
  /** Direct blockers; only looked up for sessions waiting on a lock. */
  blockedBy: number[];
}

/** Monotonic counters; the collector divides their deltas by the elapsed time. */
export interface Counters {
  transactions: number | null;
  rowsRead: number | null;
  rowsWritten: number | null;
  cacheHits: number | null;
  cacheMisses: number | null;
}

export interface Reading {
  sessions: SessionRow[];
  databaseBytes: number | null;
  connections: { current: number; max: number | null };
  counters: Counters;
  tempFiles: number | null;
  deadlocks: number | null;
  details: Record<string, string | number | null>;
  topStatements: TopStatements;
}

export interface Monitor {
  /** The monitoring connection's own pid/thread id (protected from actions), null when it has none (SQLite). */
  readonly selfPid: number | null;
  read(): Promise<Reading>;
  /**
   * Cancels the statement / terminates the session `pid` only while it still runs the
   * statement `queryKey` names; returns false when it does not (stale key, gone).
   */
  act(action: 'cancel' | 'terminate', pid: number, queryKey: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface MonitorOptions {
  /** How many sessions this app has open on the database (SQLite shows them as its sessions). */
  appSessions: () => number;
}

export type MonitorFactory = (target: ConnectTarget, options: MonitorOptions) => Promise<Monitor>;

/** Sessions by state as the snapshot shows them, from the rows. */
export function groupByState(rows: readonly SessionRow[]): { state: string; count: number; longestSeconds: number }[] {
  const states = new Map<string, { state: string; count: number; longestSeconds: number }>();
  for (const row of rows) {
    const entry = states.get(row.state) ?? { state: row.state, count: 0, longestSeconds: 0 };
    entry.count++;
    entry.longestSeconds = Math.max(entry.longestSeconds, row.stateSeconds ?? 0);
    states.set(row.state, entry);
  }
  return [...states.values()].sort((a, b) => b.count - a.count || a.state.localeCompare(b.state));
}

/**
 * Runs `read` at most every `everyMs` and keeps its result between: for figures that cost
 * more than the rest of a snapshot and change slowly (sizes, statement statistics).
 */
export function every<T>(everyMs: number, read: () => Promise<T>): () => Promise<T> {
  let last: { atMs: number; value: T } | null = null;
  return async () => {
    const now = Date.now();
    if (!last || now - last.atMs >= everyMs) last = { atMs: now, value: await read() };
    return last.value;
  };
}

/** A numeric column that drivers may return as a string (bigint) or null. */
export function num(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
