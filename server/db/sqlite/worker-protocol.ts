// Messages between the server and sqlite.worker.ts. The worker runs either as a worker
// thread (metadata) or as a child process (query sessions, so that cancel can kill it);
// the messages are the same in both and must stay plain data (structured-clonable). The
// rows of `run` and `next` travel apart, on the session process's row pipe (row-pipe.ts).
import type { ListObjectsOptions } from '../driver.ts';
import type { CompletionSchema, ObjectDetails, ObjectPage, ObjectSummary, ResultColumn, SchemaSummary } from '../../protocol/index.ts';

export interface OpenOptions {
  file: string;
  readOnly: boolean;
}

/** What the worker answers about the schema (metadata.ts), called by name. */
export interface MetadataApi {
  serverVersion(): string;
  listSchemas(): SchemaSummary[];
  listObjects(schema: string, options: ListObjectsOptions): ObjectPage;
  searchObjects(query: string, limit: number): ObjectSummary[];
  describe(schema: string, name: string): ObjectDetails;
  completionSchema(maxTables: number): CompletionSchema;
  /** One read-only catalog query (the schema diff's model), cells as text. */
  catalog(sql: string): Record<string, string | null>[];
}
export type MetadataMethod = keyof MetadataApi;

export type WorkerRequest =
  | { op: 'open'; options: OpenOptions }
  | { op: 'metadata'; method: MetadataMethod; args: unknown[] }
  /** Session process only: prepares ONE statement and runs it up to the first `batchSize` rows. */
  | { op: 'run'; sql: string; batchSize: number }
  /** The next batch (of `run`'s batchSize) of the statement started by `run`. */
  | { op: 'next' }
  /** Drops the statement's cursor (the consumer stopped early, or cancelled). */
  | { op: 'release' }
  /** The data explorer: ONE statement with bound parameters, all rows at once (table-data-worker.ts). */
  | { op: 'data'; sql: string; params: (string | null | Uint8Array)[] }
  | { op: 'close' };

export interface StatementDone {
  rowCount: number;
  affectedRows: number | null;
  command: string | null;
}

/**
 * A part of a batch: `piped` rows, encoded (protocol/row-batch.ts), in the next piece on the
 * row pipe; or rendered rows, for those the encoding cannot represent (a cell holding one of
 * its separators).
 */
export type StepPart = { piped: number } | { rows: (string | null)[][] };

/** Reply to `run` and `next`: a batch in parts (at most ~60 KB each), and `done` once the statement has finished. */
export interface StatementStep {
  /** Only in the reply to `run`, for statements that return rows. */
  columns?: ResultColumn[];
  parts: StepPart[];
  done: StatementDone | null;
}

/** A failure, carried as data because class instances do not survive structured cloning. */
export interface WorkerFailure {
  kind: 'open' | 'not_found' | 'database';
  message: string;
  /** SQLite's extended error code, e.g. "SQLITE_CONSTRAINT_UNIQUE". */
  code: string | null;
  /** 0-based offset into the statement, when it could be derived reliably. */
  position: number | null;
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; failure: WorkerFailure };

export type WorkerMessage = { id: number } & WorkerRequest;
