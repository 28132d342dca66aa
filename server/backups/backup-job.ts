// One backup, as a job: the engine writes `<id><ext>.partial`; we fsync it, hash it,
// rename it into place, and only then write the manifest (atomically) — so a backup
// stopped at any point (cancel, tool killed, server killed, disk full) never looks
// complete, and its partial file is removed (now, or at the next start). A quick verify
// follows.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectTarget } from '../db/driver.ts';
import { AppError } from '../errors.ts';
import type { JobContext } from '../jobs/job.ts';
import type { BackupKind, BackupManifest, TableName } from '../protocol/index.ts';
import { sha256File } from './checksum.ts';
import type { BackupEngines } from './engine.ts';
import { backupFor } from './engines.ts';
import { syncFileAndDir, type BackupStore } from './store.ts';
import { quickVerify } from './verify.ts';

export interface BackupJobInput {
  connectionId: string;
  connectionName: string;
  target: ConnectTarget;
  kind: BackupKind;
  tables?: TableName[];
  /** The schedule that started it, if any. */
  scheduleId?: string | null;
}

export interface BackupJobDeps {
  store: BackupStore;
  changed(manifest: BackupManifest): void;
  engines?: BackupEngines;
}

export function newBackupId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

export async function runBackup(job: JobContext, input: BackupJobInput, deps: BackupJobDeps): Promise<{ summary: string; data: Record<string, unknown> }> {
  const engine = backupFor(input.target, deps.engines);
  const started = new Date();
  const id = newBackupId(started);
  const dir = deps.store.folder(input.connectionId);
  const fileName = `${id}${engine.extension}`;
  const finalPath = join(dir, fileName);
  const partial = `${finalPath}.partial`;
  let manifest: BackupManifest;
  try {
    const outcome = await engine.backup(job, input.target, { kind: input.kind, ...(input.tables ? { tables: input.tables } : {}) }, partial);
    job.signal.throwIfAborted();
    syncFileAndDir(partial, dir);
    const size = statSync(partial).size;
    job.progress({ phase: 'Hashing', bytes: 0, totalBytes: size });
    const sha256 = await sha256File(partial, job.signal, (bytes) => job.progress({ bytes }));
    renameSync(partial, finalPath);
    syncFileAndDir(finalPath, dir);
    const finished = new Date();
    manifest = {
      id,
      connectionId: input.connectionId,
      connectionName: input.connectionName,
      engine: input.target.engine,
      serverVersion: outcome.serverVersion,
      tool: outcome.tool,
      kind: input.kind,
      ...(input.tables ? { tables: input.tables } : {}),
      file: fileName,
      format: outcome.format,
      size,
      sha256,
      tableStats: outcome.tableStats,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      verification: null,
      verifiedAt: null,
      scheduleId: input.scheduleId ?? null,
    };
    deps.store.save(manifest); // from here on, the backup is complete
  } catch (error) {
    rmSync(partial, { force: true });
    rmSync(finalPath, { force: true });
    if (!job.signal.aborted && isDiskFull(error)) {
      throw new AppError('disk_full', `The disk holding ${dir} is full: the backup stopped and its partial file was removed. Free some space (or delete old backups) and start it again.`, 507, { cause: error });
    }
    throw error;
  }
  deps.changed(manifest);
  job.log(`Backup written: ${fileName} (${manifest.size} bytes, sha256 ${manifest.sha256}).`);

  const verification = await quickVerify(job, manifest, finalPath, deps.engines);
  manifest = { ...manifest, verification };
  deps.store.save(manifest);
  deps.changed(manifest);
  const rows = manifest.tableStats.reduce((n, t) => n + t.rows, 0);
  const summary = `${formatSize(manifest.size)}, ${manifest.tableStats.length} tables, ${rows} rows; ${verification.ok ? 'quick verify passed' : `quick verify FAILED: ${verification.summary}`}`;
  if (!verification.ok) throw new AppError('verify_failed', summary);
  return { summary, data: { backupId: id } };
}

/** ENOSPC from Node, or a tool saying the same in its own words (pg_dump, SQLite). */
function isDiskFull(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'ENOSPC' || /no space left on device|database or disk is full|disk full/i.test(String(message));
}

/** "85 MB": decimal units, as the UI shows sizes. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
