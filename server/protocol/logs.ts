// /ws/logs: the server's live log, as the Logs page shows it.
import * as z from 'zod';
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

export const LogsClientMessage = z.discriminatedUnion('type', [...commonClientMessages, LogsSubscribe]);
export type LogsClientMessage = z.infer<typeof LogsClientMessage>;

export const LogsEntries = z.object({
  type: z.literal('entries'),
  id: RequestId.optional(),
  entries: z.array(LogEntry),
});

export const LogsServerMessage = z.discriminatedUnion('type', [...commonServerMessages, LogsEntries]);
export type LogsServerMessage = z.infer<typeof LogsServerMessage>;
