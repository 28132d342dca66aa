// Live analytics over /ws/analytics: a client subscribes to a saved connection and gets a
// snapshot every N seconds, plus the last hour as history on subscribe. Isomorphic: no
// Node imports (the app validates and types with the same schemas).
import * as z from 'zod';
import { commonClientMessages, commonServerMessages, RequestId } from './envelope.ts';

const ConnectionId = z.string().min(1).max(200);
const Pid = z.number().int().min(1).max(2 ** 53);
/**
 * What identifies the statement a user clicked, besides its session: PostgreSQL, the
 * query's start time; MariaDB, its query id. An action whose key no longer matches (the
 * statement finished, another started) is refused as stale rather than hitting it.
 */
const QueryKey = z.string().min(1).max(64);

// ── snapshot ──────────────────────────────────────────────────────────────────────────
export const SessionState = z.object({
  /** "active", "idle", "idle in transaction", "waiting"… as the engine names them. */
  state: z.string(),
  count: z.number().int(),
  /** How long the session longest in this state has been in it. */
  longestSeconds: z.number(),
});
export type SessionState = z.infer<typeof SessionState>;

export const RunningQuery = z.object({
  pid: z.number().int(),
  /** The action key of the statement shown (see QueryKey); null when nothing runs. */
  queryKey: z.string().nullable(),
  /** ISO time the statement started, when the engine says. */
  startedAt: z.string().nullable(),
  user: z.string().nullable(),
  application: z.string().nullable(),
  client: z.string().nullable(),
  database: z.string().nullable(),
  state: z.string(),
  waitEvent: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  text: z.string().nullable(),
  /** Sessions holding what this one waits for (empty when not blocked). */
  blockedBy: z.array(z.number().int()),
  /** Over the subscriber's long-running threshold. */
  long: z.boolean(),
  /** The monitoring session itself: cannot be cancelled or terminated from here. */
  self: z.boolean(),
});
export type RunningQuery = z.infer<typeof RunningQuery>;

export const BlockedQuery = z.object({
  pid: z.number().int(),
  /** Blockers from the direct one to the root, e.g. [blocker, blocker's blocker]. */
  chain: z.array(z.number().int()),
  waitingSeconds: z.number().nullable(),
});
export type BlockedQuery = z.infer<typeof BlockedQuery>;

export const TopStatement = z.object({
  text: z.string(),
  calls: z.number(),
  totalMs: z.number(),
  meanMs: z.number(),
  rows: z.number().nullable(),
});
export type TopStatement = z.infer<typeof TopStatement>;

/** The statements that took the most time (pg_stat_statements / performance_schema digests), or how to enable them. */
export const TopStatements = z.object({
  statements: z.array(TopStatement),
  /** Set when the engine keeps no such statistics now: what to do to enable them. */
  note: z.string().nullable(),
});
export type TopStatements = z.infer<typeof TopStatements>;

export const AnalyticsSnapshot = z.object({
  connectionId: z.string(),
  at: z.string(),
  /** Database time the snapshot took, in milliseconds (the monitor's own overhead). */
  collectMs: z.number(),
  sessions: z.array(SessionState),
  queries: z.array(RunningQuery),
  blocked: z.array(BlockedQuery),
  databaseBytes: z.number().nullable(),
  connections: z.object({ current: z.number().int(), max: z.number().int().nullable() }),
  /** Per second over the last interval; null on the first snapshot. */
  rates: z.object({ tps: z.number(), rowsRead: z.number(), rowsWritten: z.number() }).nullable(),
  /** 0–1 over the last interval (cumulative on the first snapshot); null when unknown. */
  cacheHitRatio: z.number().nullable(),
  /** Cumulative since the server's statistics reset. */
  tempFiles: z.number().nullable(),
  deadlocks: z.number().nullable(),
  /** Engine-specific figures (SQLite: file, WAL and free-page bytes, page cache; PostgreSQL: replication lag). */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  topStatements: TopStatements,
});
export type AnalyticsSnapshot = z.infer<typeof AnalyticsSnapshot>;

/** One point of the charts: small, so an hour of them per database costs little memory. */
export const HistoryPoint = z.object({
  at: z.string(),
  active: z.number(),
  idle: z.number(),
  idleInTransaction: z.number(),
  blocked: z.number(),
  tps: z.number().nullable(),
  rowsRead: z.number().nullable(),
  rowsWritten: z.number().nullable(),
  cacheHitRatio: z.number().nullable(),
  databaseBytes: z.number().nullable(),
});
export type HistoryPoint = z.infer<typeof HistoryPoint>;

// ── client → server ───────────────────────────────────────────────────────────────────
export const Subscribe = z.object({
  type: z.literal('subscribe'),
  id: RequestId,
  connectionId: ConnectionId,
  intervalSeconds: z.number().int().min(1).max(60).default(2),
  longQuerySeconds: z.number().min(0).max(86_400).default(30),
});
export const Unsubscribe = z.object({ type: z.literal('unsubscribe'), id: RequestId, connectionId: ConnectionId });
export const QueryAction = z.object({
  type: z.literal('action'),
  id: RequestId,
  connectionId: ConnectionId,
  /** cancel: stop the running statement; terminate: end the whole session. */
  action: z.enum(['cancel', 'terminate']),
  pid: Pid,
  queryKey: QueryKey,
});
export type QueryAction = z.infer<typeof QueryAction>;

/** Chart points over the last `hours`: up to 1 h at every snapshot, beyond that one per minute (kept 7 days). */
export const GetHistory = z.object({ type: z.literal('get_history'), id: RequestId, connectionId: ConnectionId, hours: z.number().min(0.1).max(168) });

export const AnalyticsClientMessage = z.discriminatedUnion('type', [...commonClientMessages, Subscribe, Unsubscribe, QueryAction, GetHistory]);
export type AnalyticsClientMessage = z.infer<typeof AnalyticsClientMessage>;

// ── server → client ───────────────────────────────────────────────────────────────────
/** Answers subscribe: the last hour of this database's points, oldest first. */
export const Subscribed = z.object({ type: z.literal('subscribed'), id: RequestId, connectionId: z.string(), history: z.array(HistoryPoint) });
export const Unsubscribed = z.object({ type: z.literal('unsubscribed'), id: RequestId, connectionId: z.string() });
export const SnapshotMessage = z.object({ type: z.literal('snapshot'), snapshot: AnalyticsSnapshot, point: HistoryPoint });
export const ActionDone = z.object({ type: z.literal('action_done'), id: RequestId, action: z.enum(['cancel', 'terminate']), pid: z.number() });

export const HistoryMessage = z.object({ type: z.literal('history'), id: RequestId, connectionId: z.string(), points: z.array(HistoryPoint) });

export const AnalyticsServerMessage = z.discriminatedUnion('type', [...commonServerMessages, Subscribed, Unsubscribed, SnapshotMessage, ActionDone, HistoryMessage]);
export type AnalyticsServerMessage = z.infer<typeof AnalyticsServerMessage>;
