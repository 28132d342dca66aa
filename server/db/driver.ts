// The contract every database engine implements (sqlite.ts, postgres.ts, later mysql.ts).
// Callers ask the dialect (protocol/dialects.ts) for facts and capabilities instead of
// testing the engine's name. One contract test (contract.test.ts) runs against each
// engine's real database.
import type {
  CompletionSchema,
  ConnectionSettings,
  Dialect,
  Engine,
  ObjectDetails,
  ObjectPage,
  ObjectSummary,
  ResultColumn,
  SchemaSummary,
  SettingsOf,
} from '../protocol/index.ts';

/** What a query stream yields, in order: columns (for row-returning statements), row batches, done. */
export type QueryEvent =
  | { kind: 'columns'; columns: ResultColumn[] }
  | {
      kind: 'rows';
      rows: (string | null)[][];
      /**
       * The same rows already in the wire encoding (protocol/row-batch.ts), when the driver
       * has them that way: the query endpoint sends them on without touching each cell, and
       * `rows` may then be decoded only when read. `bytes` are UTF-8, as each engine's home
       * wrote them (postgres/wire-tap.ts, mysql/packed-rows.ts, sqlite/packed-batch.ts);
       * `room` free bytes in front of them are the consumer's to overwrite (the frame's
       * header goes there).
       */
      packed?: { bytes: Buffer; count: number; room: number };
    }
  | { kind: 'done'; rowCount: number; affectedRows: number | null; command: string | null };

export interface RunOptions {
  /** Rows per `rows` event. */
  batchSize: number;
}

/**
 * One database session (a connection of its own): session settings and transactions
 * persist across statements. Results are pulled: the driver reads the next batch from the
 * database only when the consumer asks for it, so a paused consumer pauses the database
 * cursor and nothing accumulates in memory.
 */
export interface QuerySession {
  /**
   * Runs ONE statement. Errors are thrown as DatabaseError (with the position in the
   * statement when the engine reports one). Breaking out of the iteration releases the
   * cursor and leaves the session usable.
   */
  run(sql: string, options: RunOptions): AsyncIterable<QueryEvent>;
  /** Cancels the statement running now, if any. The session stays usable afterwards. */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

export interface ListObjectsOptions {
  /** Case-insensitive substring of the object name. */
  search?: string;
  offset?: number;
  /** Defaults to DEFAULT_OBJECT_PAGE_SIZE. */
  limit?: number;
}

export const DEFAULT_OBJECT_PAGE_SIZE = 500;

/** An open connection to one database: metadata queries plus query sessions. */
export interface Driver {
  readonly dialect: Dialect;
  /** e.g. "PostgreSQL 15.18" / "SQLite 3.54.1". */
  serverVersion(): Promise<string>;
  listSchemas(): Promise<SchemaSummary[]>;
  /** Tables and views of a schema, by name, paged (a schema may hold 10,000+). */
  listObjects(schema: string, options?: ListObjectsOptions): Promise<ObjectPage>;
  /** Objects in any schema whose name contains `query` (case-insensitive). */
  searchObjects(query: string, limit: number): Promise<ObjectSummary[]>;
  /** Columns, indexes, foreign keys, row estimate (and view definition). NotFoundError if absent. */
  describe(schema: string, name: string): Promise<ObjectDetails>;
  /** Tables with their column names for autocomplete, at most `maxTables`. */
  completionSchema(maxTables: number): Promise<CompletionSchema>;
  openSession(): Promise<QuerySession>;
  /**
   * A read-only catalog query (cells as text) without opening a session, where the driver
   * has a cheaper way (SQLite: its metadata thread, where a session is a process); else
   * the schema diff reads through a session.
   */
  catalog?(sql: string): Promise<Record<string, string | null>[]>;
  /** Resolves while the database is reachable; throws ConnectError saying why it is not. Cheap: run every few seconds. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Settings plus the decrypted password: what a driver needs to connect. */
export type ConnectTarget = ConnectionSettings & { password?: string };
/** One engine's ConnectTarget. */
export type TargetOf<E extends Engine> = SettingsOf<E> & { password?: string };

export interface DriverFactory {
  readonly dialect: Dialect;
  /** Connects (bounded by the settings' timeout) or throws ConnectError with a clear message. */
  connect(target: ConnectTarget): Promise<Driver>;
}
