// /ws/query: run SQL on a connection and stream the results.
//
// A client runs a script with `run` on a session (one per editor tab: session state such
// as SET and open transactions belongs to it). The server splits the script into
// statements and runs them in order; for each statement it sends `statement`, then
// `columns` (if it returns rows), `rows` batches and `statement_done`.
//
// Flow control: `fetchRows` is the number of rows the client is ready to receive; when a
// statement has sent that many, the server stops reading from the database cursor and
// sends `waiting` until the client grants more with `more` — so neither the server nor the
// browser holds more than it asked for, and there is no row cap. A client that wants
// everything (export, benchmarks) passes a huge `fetchRows`; the server still pauses
// while the socket's send buffer is full.
//
// Row batches usually arrive as binary frames (row-batch.ts) rather than `rows` messages;
// both mean the same, and a client must accept both.
import * as z from 'zod';
import { commonClientMessages, commonServerMessages, RequestId } from './envelope.ts';

export const SessionId = z.string().min(1).max(64);

export const QueryRun = z.object({
  type: z.literal('run'),
  id: RequestId,
  connectionId: z.string().min(1),
  sessionId: SessionId,
  sql: z.string().min(1, 'Nothing to run').max(10 * 1024 * 1024),
  /** Rows the client accepts before the server waits for `more`. */
  fetchRows: z.number().int().positive().default(5000),
  /** Rows per `rows` message. */
  batchSize: z.number().int().min(1).max(10_000).default(1000),
  /** The user confirmed a destructive statement the guard warned about. */
  confirmedDestructive: z.boolean().default(false),
});

export const QueryMore = z.object({ type: z.literal('more'), id: RequestId, rows: z.number().int().positive() });
export const QueryCancel = z.object({ type: z.literal('cancel'), id: RequestId });
/** Closes the session (its database connection; an open transaction is rolled back). */
export const QueryCloseSession = z.object({ type: z.literal('close_session'), id: RequestId, sessionId: SessionId });

export const QueryClientMessage = z.discriminatedUnion('type', [...commonClientMessages, QueryRun, QueryMore, QueryCancel, QueryCloseSession]);
export type QueryClientMessage = z.infer<typeof QueryClientMessage>;

export const ResultColumn = z.object({
  name: z.string(),
  /** Engine type name, e.g. "int4", "text", "INTEGER". */
  type: z.string(),
  /** Right-align and sort numerically in the grid. */
  numeric: z.boolean(),
});
export type ResultColumn = z.infer<typeof ResultColumn>;

/**
 * A cell: text exactly as the engine's own CLI prints it (psql / sqlite3), null for SQL
 * NULL. Numbers are text too, so no precision is lost on the way.
 */
export const Cell = z.string().nullable();

export const StatementStarted = z.object({
  type: z.literal('statement'),
  id: RequestId,
  index: z.number().int(),
  /** Offsets of the statement in the submitted SQL, to map errors and highlight it. */
  start: z.number().int(),
  end: z.number().int(),
});
export const ResultColumns = z.object({ type: z.literal('columns'), id: RequestId, index: z.number().int(), columns: z.array(ResultColumn) });
export const ResultRows = z.object({ type: z.literal('rows'), id: RequestId, index: z.number().int(), rows: z.array(z.array(Cell)) });
export const ResultWaiting = z.object({ type: z.literal('waiting'), id: RequestId, index: z.number().int(), rowCount: z.number().int() });
export const StatementDone = z.object({
  type: z.literal('statement_done'),
  id: RequestId,
  index: z.number().int(),
  rowCount: z.number().int(),
  /** INSERT/UPDATE/DELETE: rows changed; null when not applicable. */
  affectedRows: z.number().int().nullable(),
  /** Command tag, e.g. "SELECT", "UPDATE", "CREATE TABLE". */
  command: z.string().nullable(),
  elapsedMs: z.number(),
});

/** The guard: the script has statements that need confirmation; nothing was run. */
export const ConfirmationNeeded = z.object({
  type: z.literal('confirm'),
  id: RequestId,
  statements: z.array(z.object({ index: z.number().int(), start: z.number().int(), end: z.number().int(), reason: z.string() })),
});

export const QueryFailed = z.object({
  type: z.literal('query_error'),
  id: RequestId,
  index: z.number().int(),
  message: z.string(),
  /** Offset of the error in the submitted SQL, when the engine says where. */
  position: z.number().int().nullable(),
  /** Engine error code (SQLSTATE for PostgreSQL, e.g. "42P01"). */
  code: z.string().nullable(),
});

/**
 * Sent before a run's statements when the tab's session had been closed for idleness: the
 * run goes to a new session, without the old one's SET, temporary tables or open
 * transaction. (A session whose connection was lost says so in the failed statement's error.)
 */
export const SessionReset = z.object({ type: z.literal('session_reset'), id: RequestId, sessionId: SessionId, message: z.string() });

export const QueryFinished = z.object({
  type: z.literal('query_done'),
  id: RequestId,
  elapsedMs: z.number(),
  statements: z.number().int(),
  cancelled: z.boolean(),
});

export const QueryServerMessage = z.discriminatedUnion('type', [
  ...commonServerMessages,
  StatementStarted,
  ResultColumns,
  ResultRows,
  ResultWaiting,
  StatementDone,
  ConfirmationNeeded,
  QueryFailed,
  SessionReset,
  QueryFinished,
]);
export type QueryServerMessage = z.infer<typeof QueryServerMessage>;
