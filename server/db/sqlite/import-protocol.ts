// Messages between an SQLite import (import.ts) and its worker thread (import.worker.ts).
import type { FileSource } from '../../imports/engine.ts';

export type ImportWorkerRequest =
  | { id: number; type: 'exec'; sql: string }
  /** `into`: INSERT INTO "table" ("a", "b"), without VALUES. */
  | { id: number; type: 'insert'; into: string; rows: (string | null)[][] }
  /** The whole CSV file read, checked and inserted in the worker; progress replies as it goes. */
  | { id: number; type: 'load'; into: string; source: FileSource }
  | { id: number; type: 'close' };

/** Sent without an id: stop the running load (the job then rolls back). */
export type ImportWorkerCancel = { type: 'cancel' };

export type ImportWorkerReply =
  | { id: number; ok: true; rows?: number }
  /** `row`: index of the refused row in an insert; `line`/`code`: a load's failure, as an ImportError. */
  | { id: number; ok: false; message: string; row: number | null; line?: number | null; code?: string }
  | { id: number; progress: { rows: number; bytes: number } };
