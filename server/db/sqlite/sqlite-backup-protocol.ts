// What the server and sqlite-backup.worker.ts say to each other (see the worker's header).
import type { BackupKind } from '../../protocol/index.ts';

export interface SqliteTableStats {
  schema: 'main';
  name: string;
  rows: number;
  checksum: string;
}

/** How `measure` checksums a table: `ordered` for backups written now, `sum` for those written before (see the worker). */
export type SqliteChecksum = 'ordered' | 'sum';
/** Marks an `ordered` checksum in a manifest: one without it was written as a `sum`. */
export const ORDERED_CHECKSUM_PREFIX = 'sha1:';

export type SqliteBackupRequest =
  | { op: 'copy'; source: string; raw: string; kind: BackupKind; tables: string[] }
  | { op: 'compress'; from: string; to: string }
  | { op: 'check'; file: string; scratch: string }
  | { op: 'restore'; file: string; scratch: string; dest: string }
  | { op: 'measure'; file: string; tables: string[] | null; checksum: SqliteChecksum }
  | { op: 'count'; file: string };

export type SqliteWorkerLine =
  | { type: 'progress'; phase?: string; done?: number; total?: number; unit?: string; bytes?: number; totalBytes?: number }
  | { type: 'table'; stats: SqliteTableStats }
  | { type: 'result'; result: unknown };
