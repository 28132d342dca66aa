// /ws/logs: the server's live log and the activity log's new entries, as the Logs page shows them.
import * as z from 'zod';
import { ActivityEntry } from './activity.ts';
import { commonClientMessages, commonServerMessages, RequestId } from './envelope.ts';

export const LogLevel = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
export type LogLevel = z.infer<typeof LogLevel>;

export const LogEntry = z.object({
  /** Monotonic within one server run, so the client can drop duplicates after a reconnect. */
  seq: z.number().int().nonnegative(),
  time: z.string(),
  level: LogLevel,
  msg: z.string(),
  /** Remaining structured fields, already redacted. */
  fields: z.record(z.string(), z.unknown()),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const LogsSubscribe = z.object({
  type: z.literal('subscribe'),
  id: RequestId,
  /** How many recent entries to send first (the server keeps a bounded backlog). */
  backlog: z.number().int().min(0).max(5000).default(500),
  /** Entries with seq <= afterSeq are skipped: lets a reconnecting client resume. */
  afterSeq: z.number().int().min(-1).default(-1),
});

/** The activity log's new entries, as they are written (the Logs page's Activity tab). */
export const ActivitySubscribe = z.object({ type: z.literal('subscribe_activity'), id: RequestId });

export const LogsClientMessage = z.discriminatedUnion('type', [...commonClientMessages, LogsSubscribe, ActivitySubscribe]);
export type LogsClientMessage = z.infer<typeof LogsClientMessage>;

export const LogsEntries = z.object({
  type: z.literal('entries'),
  id: RequestId.optional(),
  entries: z.array(LogEntry),
});

export const ActivityEntries = z.object({ type: z.literal('activity'), entries: z.array(ActivityEntry) });

export const LogsServerMessage = z.discriminatedUnion('type', [...commonServerMessages, LogsEntries, ActivityEntries]);
export type LogsServerMessage = z.infer<typeof LogsServerMessage>;
