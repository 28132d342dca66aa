// The activity log: what was done through this server (statements, connection tests,
// connects, exports, jobs), for an audit. Isomorphic: the Logs page imports it.
import * as z from 'zod';

export const ActivityKind = z.enum(['statement', 'connection_test', 'connect', 'disconnect', 'export', 'job']);
export type ActivityKind = z.infer<typeof ActivityKind>;

export const ActivityEntry = z.object({
  /** Increasing; pages are asked for with `before` = the last id seen. */
  id: z.number().int().positive(),
  at: z.string(),
  kind: ActivityKind,
  connectionId: z.string().nullable(),
  /** The connection's name when the entry was made (it may be renamed or deleted since). */
  connectionName: z.string().nullable(),
  /** The statement (literals as `?` unless recorded on purpose), or what happened. */
  text: z.string(),
  durationMs: z.number().nullable(),
  rows: z.number().nullable(),
  error: z.string().nullable(),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Strict: a misspelt filter is a 400 naming it, not a silently unfiltered page. */
export const ActivityQuery = z.strictObject({
  connection: z.string().max(200).optional(),
  kind: ActivityKind.optional(),
  /** Text anywhere in the entry's text or error (case-insensitive). */
  q: z.string().max(1000).optional(),
  errors: flag.optional(),
  before: z.coerce.number<number>().int().positive().optional(),
  limit: z.coerce.number<number>().int().min(1).max(1000).default(200),
});
export type ActivityQuery = z.infer<typeof ActivityQuery>;

export const ActivityPage = z.object({
  entries: z.array(ActivityEntry),
  /** `before` for the next (older) page; null at the end. */
  next: z.number().int().nullable(),
});
export type ActivityPage = z.infer<typeof ActivityPage>;

export const ActivitySettings = z.object({
  /** Keep string and number literals in recorded statements (off: they are written as `?`). */
  recordLiterals: z.boolean(),
});
export type ActivitySettings = z.infer<typeof ActivitySettings>;
