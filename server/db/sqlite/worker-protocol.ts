// Messages between the server and sqlite.worker.ts. The worker runs either as a worker
// thread (metadata) or as a child process (query sessions, so that cancel can kill it);
// the messages are the same in both and must stay plain JSON data (the process channel
// uses JSON).
import type { ListObjectsOptions } from '../driver.ts';
import type { CompletionSchema, ObjectDetails, ObjectPage, ObjectSummary, ResultColumn, SchemaSummary } from '../../protocol/index.ts';

export interface OpenOptions {
  file: string;
  readOnly: boolean;
}

/** What the worker answers about the schema (metadata.ts), called by name. */
export interface MetadataApi {
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
  /** Prepares ONE statement and runs it up to the first `batchSize` rows. */
  | { op: 'run'; sql: string; batchSize: number }
  /** The next batch of the statement started by `run`. */
  | { op: 'next'; batchSize: number }
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

/** Reply to `run` and `next`: a batch, and `done` once the statement has finished. */
export interface StatementStep {
  /** Only in the reply to `run`, for statements that return rows. */
  columns?: ResultColumn[];
  rows: (string | null)[][];
  /**
   * From a session process: the rows in the wire encoding (protocol/row-batch.ts) as UTF-8
   * bytes, behind FRAME_HEADROOM free bytes for the frame's header, and `rows` left empty.
   * One Buffer crosses the process boundary instead of thousands of strings, and becomes the
   * websocket frame without another copy.
   */
  packed?: { bytes: Uint8Array; count: number };
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
