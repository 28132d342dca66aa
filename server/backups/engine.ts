// What each engine's home provides for backups (db/<engine>/backup.ts), collected in one
// Record<Engine, …> (engines.ts): the runner, verify and restore call these and never test
// an engine's name. Adding an engine's backups is one file and one entry.
import type { TargetOf } from '../db/driver.ts';
import type { JobContext } from '../jobs/job.ts';
import type { BackupKind, BackupManifest, Engine, TableName, TableStats } from '../protocol/index.ts';

export interface BackupRequest {
  kind: BackupKind;
  /** For kind `tables`. */
  tables?: TableName[];
}

/** What the engine reports about the archive it wrote. */
export interface BackupOutcome {
  serverVersion: string;
  /** The tool and its version, e.g. "pg_dump (PostgreSQL) 15.18". */
  tool: string;
  format: string;
  /** Rows and checksums from the same snapshot the archive holds (empty for schema-only). */
  tableStats: TableStats[];
}

export interface EngineBackup<E extends Engine> {
  /** The archive's file name ending, e.g. ".dump", ".sqlite.gz". */
  extension: string;
  /**
   * Writes the archive to `file` (the caller's `.partial` path; the caller fsyncs and
   * renames it). Reports progress through `job`; stops when `job.signal` aborts.
   */
  backup(job: JobContext, target: TargetOf<E>, request: BackupRequest, file: string): Promise<BackupOutcome>;
  /** Reads the archive back (pg_restore --list, integrity_check…); throws saying what is wrong. Returns a summary. */
  quickCheck(job: JobContext, file: string, manifest: BackupManifest): Promise<string>;
  /** Tables in the target's database now (a restore over a non-empty one needs its name typed). */
  tableCount(target: TargetOf<E>): Promise<number>;
  /** Restores the archive into the target's database (or file). */
  restore(job: JobContext, file: string, target: TargetOf<E>, options: { clean: boolean }, manifest: BackupManifest): Promise<void>;
  /**
   * Restores into a scratch target next to `target` (a temporary database, a temp file),
   * measures its tables the way `backup` did, and drops the scratch target.
   */
  restoreAndMeasure(job: JobContext, file: string, target: TargetOf<E>, tables: TableName[], manifest: BackupManifest): Promise<TableStats[]>;
  /** Why nothing can be restored into this target (e.g. a read-only connection), or null. */
  refusesRestore?(target: TargetOf<E>): string | null;
  /** For engines whose database is a file: the target of a restore into a new file. */
  newFileTarget?(file: string): TargetOf<E>;
  /** The name a user types to confirm a restore over a non-empty target. */
  confirmationName(target: TargetOf<E>): string;
  /** The state a restore into an existing target leaves it in when the server dies mid-way, in a sentence for the job's outcome. */
  ifRestoreInterrupted: string;
}

export type BackupEngines = { [E in Engine]: EngineBackup<E> };
