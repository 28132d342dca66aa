// Verifying a backup, at two levels:
// - quick (after every backup): the archive's sha256 is what the manifest says, and the
//   engine reads it back (pg_restore --list; integrity_check on a decompressed copy);
// - full (on demand): restored into a scratch target next to the source (a temporary
//   database, a temp file), its tables compared with the manifest's rows and checksums,
//   the scratch target dropped.
import { AppError } from '../errors.ts';
import type { JobContext } from '../jobs/job.ts';
import type { BackupManifest, Engine, Verification } from '../protocol/index.ts';
import type { ConnectTarget } from '../db/driver.ts';
import { sha256File } from './checksum.ts';
import { compareTables } from './compare.ts';
import { BACKUP_ENGINES, backupFor } from './engines.ts';
import type { BackupEngines, EngineBackup } from './engine.ts';

export async function quickVerify(job: JobContext, manifest: BackupManifest, file: string, engines?: BackupEngines): Promise<Verification> {
  const at = () => new Date().toISOString();
  job.progress({ phase: 'Checking the sha256', bytes: 0, totalBytes: manifest.size });
  const sha256 = await sha256File(file, job.signal, (bytes) => job.progress({ bytes }));
  if (sha256 !== manifest.sha256) return { level: 'quick', ok: false, at: at(), summary: `The archive changed on disk: sha256 ${sha256.slice(0, 12)}…, recorded ${manifest.sha256.slice(0, 12)}…` };
  const engine = (engines ?? BACKUP_ENGINES)[manifest.engine] as EngineBackup<Engine>;
  try {
    const readBack = await engine.quickCheck(job, file, manifest);
    return { level: 'quick', ok: true, at: at(), summary: `sha256 unchanged; ${readBack}` };
  } catch (error) {
    if (job.signal.aborted) throw error;
    return { level: 'quick', ok: false, at: at(), summary: `The archive does not read back: ${(error as Error).message}` };
  }
}

export async function fullVerify(job: JobContext, manifest: BackupManifest, file: string, source: ConnectTarget, engines?: BackupEngines): Promise<Verification> {
  if (manifest.kind === 'data-only') {
    throw new AppError('not_supported', 'A data-only backup cannot be restored into an empty scratch database (its tables are not in it); the quick verify is what applies.');
  }
  const engine = backupFor(source, engines);
  const actual = await engine.restoreAndMeasure(job, file, source, manifest.tableStats, manifest);
  return compareTables(manifest.tableStats, actual, new Date().toISOString());
}
