// What the server and sqlite-backup.worker.ts say to each other (see the worker's header).
import type { BackupKind } from '../../protocol/index.ts';

export interface SqliteTableStats {
  schema: 'main';
  name: string;
  rows: number;
  checksum: string;
}

export type SqliteBackupRequest =
  | { op: 'copy'; source: string; raw: string; kind: BackupKind; tables: string[] }
  | { op: 'gzip'; from: string; to: string }
  | { op: 'check'; file: string; scratch: string }
  | { op: 'restore'; file: string; scratch: string; dest: string }
  | { op: 'measure'; file: string; tables: string[] | null }
  | { op: 'count'; file: string };

export type SqliteWorkerLine =
  | { type: 'progress'; phase?: string; done?: number; total?: number; unit?: string; bytes?: number; totalBytes?: number }
  | { type: 'table'; stats: SqliteTableStats }
  | { type: 'result'; result: unknown };
