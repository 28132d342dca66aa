// Turns a monitor's reading into what subscribers see: rates from counter deltas,
// blocker chains, long-running flags (per subscriber threshold) and the chart point.
import type { AnalyticsSnapshot, BlockedQuery, HistoryPoint, RunningQuery } from '../protocol/index.ts';
import { groupByState, type Counters, type Reading, type SessionRow } from './monitor.ts';

export interface Previous {
  atMs: number;
  counters: Counters;
}

/** The snapshot before per-subscriber flags: `long` is set by withThreshold(). */
export function buildSnapshot(connectionId: string, reading: Reading, atMs: number, collectMs: number, selfPid: number | null, previous: Previous | null): AnalyticsSnapshot {
  const { counters } = reading;
  const seconds = previous ? (atMs - previous.atMs) / 1000 : 0;
  const rate = (key: keyof Counters): number | null => {
    const now = counters[key];
    const before = previous?.counters[key];
    if (now === null || before === null || before === undefined || seconds <= 0) return null;
    return Math.max(0, now - before) / seconds;
  };
  const tps = rate('transactions');
  return {
    connectionId,
    at: new Date(atMs).toISOString(),
    collectMs,
    sessions: groupByState(reading.sessions),
    queries: reading.sessions.map((s) => toQuery(s, selfPid)),
    blocked: blockedChains(reading.sessions),
    databaseBytes: reading.databaseBytes,
    connections: reading.connections,
    rates: previous && tps !== null ? { tps, rowsRead: rate('rowsRead') ?? 0, rowsWritten: rate('rowsWritten') ?? 0 } : null,
    cacheHitRatio: hitRatio(counters, previous?.counters),
    tempFiles: reading.tempFiles,
    deadlocks: reading.deadlocks,
    details: reading.details,
    topStatements: reading.topStatements,
  };
}

/** The snapshot as one subscriber sees it: queries running longer than its threshold flagged. */
export function withThreshold(snapshot: AnalyticsSnapshot, longQuerySeconds: number): AnalyticsSnapshot {
  return {
    ...snapshot,
    queries: snapshot.queries.map((q) => ({ ...q, long: q.state !== 'idle' && q.durationSeconds !== null && q.durationSeconds >= longQuerySeconds })),
  };
}

export function toPoint(snapshot: AnalyticsSnapshot): HistoryPoint {
  const count = (state: string) => snapshot.sessions.find((s) => s.state === state)?.count ?? 0;
  return {
    at: snapshot.at,
    active: count('active'),
    idle: count('idle'),
    idleInTransaction: count('idle in transaction'),
    blocked: snapshot.blocked.length,
    tps: snapshot.rates?.tps ?? null,
    rowsRead: snapshot.rates?.rowsRead ?? null,
    rowsWritten: snapshot.rates?.rowsWritten ?? null,
    cacheHitRatio: snapshot.cacheHitRatio,
    databaseBytes: snapshot.databaseBytes,
  };
}

function toQuery(s: SessionRow, selfPid: number | null): RunningQuery {
  const { stateSeconds: _stateSeconds, ...rest } = s;
  return { ...rest, long: false, self: s.pid === selfPid };
}

/** Each waiting session with its blockers followed to the root (first blocker at each step). */
function blockedChains(sessions: readonly SessionRow[]): BlockedQuery[] {
  const byPid = new Map(sessions.map((s) => [s.pid, s]));
  return sessions
    .filter((s) => s.blockedBy.length > 0)
    .map((s) => {
      const chain: number[] = [];
      let next: number | undefined = s.blockedBy[0];
      while (next !== undefined && !chain.includes(next) && next !== s.pid) {
        chain.push(next);
        next = byPid.get(next)?.blockedBy[0];
      }
      return { pid: s.pid, chain, waitingSeconds: s.stateSeconds };
    });
}

function hitRatio(now: Counters, before: Counters | undefined): number | null {
  if (now.cacheHits === null || now.cacheMisses === null) return null;
  if (before && before.cacheHits !== null && before.cacheMisses !== null) {
    const hits = now.cacheHits - before.cacheHits;
    const total = hits + now.cacheMisses - before.cacheMisses;
    if (total > 0) return hits / total;
  }
  const total = now.cacheHits + now.cacheMisses;
  return total > 0 ? now.cacheHits / total : null;
}
