// SQLite backups through the online backup API (safe while the database is being
// written), compressed with zstd (gzip before: those still restore); restore by the same
// API in reverse. The work runs in
// sqlite-backup.worker.ts as a child process of the job: cancel kills it wherever it is.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineBackup } from '../../backups/engine.ts';
import type { JobContext } from '../../jobs/job.ts';
import { LAUNCH_ENV } from '../../lifecycle/launch-contract.ts';
import { forEachLine } from '../../lib/lines.ts';
import { workerUrl } from '../../lib/worker-url.ts';
import { ORDERED_CHECKSUM_PREFIX, type SqliteBackupRequest, type SqliteTableStats, type SqliteWorkerLine } from './sqlite-backup-protocol.ts';

export const sqliteBackup: EngineBackup<'sqlite'> = {
  extension: '.sqlite.zst',

  async backup(job, target, request, file) {
    const raw = file.replace(/\.zst\.partial$/, '.raw.partial');
    const tables = request.kind === 'tables' ? request.tables!.map((t) => t.name) : [];
    try {
      const { result } = await runWorker<{ sqliteVersion: string }>(job, { op: 'copy', source: target.file, raw, kind: request.kind, tables });
      // The copy is the snapshot: it is measured and compressed at once, in two processes
      // (two cores); the bar follows whichever of the two is behind.
      const phase = 'Checksumming and compressing';
      const rawBytes = statSync(raw).size;
      const fractions = { measured: 0, compressed: 0 };
      // The phase starts once both have begun: the rate (and so the ETA) leaves out the
      // processes' start-up, which says nothing about the time the work still takes.
      // Once the first of the two has ended, the other has a core to itself and speeds up:
      // its next report says so, for the ETA to follow the new pace rather than the average.
      let paceMarkDue = false;
      const follow = (which: keyof typeof fractions) => (update: SqliteProgress) => {
        const fraction = update.totalBytes ? (update.bytes ?? 0) / update.totalBytes : update.total !== undefined ? (update.total ? (update.done ?? 0) / update.total : 1) : null;
        if (fraction === null) return;
        fractions[which] = fraction;
        const both = Math.min(fractions.measured, fractions.compressed);
        if (both <= 0) return;
        job.progress({ phase, bytes: Math.round(both * rawBytes), totalBytes: rawBytes, ...(paceMarkDue ? { paceChanged: true } : {}) });
        paceMarkDue = false;
      };
      // One that ended is complete, whatever its last progress line said (the compressor's
      // comes before its last chunks: the bar stopped at ~93% while the checksums went on).
      const ended =
        (which: keyof typeof fractions) =>
        <T>(result: T): T => {
          fractions[which] = 1;
          paceMarkDue = true;
          return result;
        };
      const [measured, compressed] = await Promise.allSettled([
        runWorker(job, { op: 'measure', file: raw, tables: null, checksum: 'ordered' }, follow('measured')).then(ended('measured')),
        runWorker(job, { op: 'compress', from: raw, to: file }, follow('compressed')).then(ended('compressed')),
      ]);
      // Both have ended either way: nothing of this job keeps running after it.
      if (measured.status === 'rejected') throw measured.reason;
      if (compressed.status === 'rejected') throw compressed.reason;
      const { tableStats } = measured.value;
      return {
        serverVersion: `SQLite ${result.sqliteVersion}`,
        tool: `SQLite online backup API ${result.sqliteVersion}`,
        format: 'SQLite database file, zstd',
        tableStats,
      };
    } finally {
      // The copy and, when the worker was killed mid-write, its rollback journal.
      for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${raw}${suffix}`, { force: true });
    }
  },

  async quickCheck(job, file) {
    return withScratch(async (dir) => (await runWorker<{ summary: string }>(job, { op: 'check', file, scratch: join(dir, 'check.db') })).result.summary);
  },

  async tableCount(target) {
    const { default: Database } = await import('better-sqlite3');
    try {
      const db = new Database(target.file, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().get() as number);
      } finally {
        db.close();
      }
    } catch {
      return 0; // no file yet (or not a database): nothing to overwrite
    }
  },

  async restore(job, file, target) {
    await withScratch((dir) => runWorker(job, { op: 'restore', file, scratch: join(dir, 'restore.db'), dest: target.file }));
  },

  async restoreAndMeasure(job, file, _target, tables, manifest) {
    return withScratch(async (dir) => {
      const copy = join(dir, 'verify.db');
      await runWorker(job, { op: 'restore', file, scratch: join(dir, 'restore.db'), dest: copy });
      // Backups written before the ordered checksum recorded row sums: measured the same way.
      const checksum = manifest.tableStats.some((t) => !t.checksum.startsWith(ORDERED_CHECKSUM_PREFIX)) ? 'sum' : 'ordered';
      const { tableStats } = await runWorker(job, { op: 'measure', file: copy, tables: tables.map((t) => t.name), checksum });
      return tableStats;
    });
  },

  refusesRestore: (target) => (target.readOnly ? 'This connection is read-only; restore into a new file, or edit the connection to allow writes.' : null),

  newFileTarget: (file) => ({ engine: 'sqlite', file, readOnly: false }),

  confirmationName: (target) => target.file.split(/[\\/]/).pop() ?? target.file,

  ifRestoreInterrupted: 'SQLite writes a restore as one transaction of the target file: the part written was rolled back when the file was next opened, so it holds what it held before.',
};

/** A private temporary directory for decompressed copies, removed whatever happens. */
async function withScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'dbt-sqlite-backup-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type SqliteProgress = Omit<Extract<SqliteWorkerLine, { type: 'progress' }>, 'type'>;

/** Runs one worker operation; its progress goes to the job as it is, or to `onProgress`. */
async function runWorker<T = unknown>(job: JobContext, request: SqliteBackupRequest, onProgress = (update: SqliteProgress) => job.progress(update)): Promise<{ result: T; tableStats: SqliteTableStats[] }> {
  const child = job.spawn({
    command: process.execPath,
    args: [fileURLToPath(workerUrl('sqlite-backup', import.meta.url)), JSON.stringify(request)],
    // Inside Electron, process.execPath is the Electron binary: told to act as Node.
    env: { [LAUNCH_ENV.runAsNode]: '1' },
    stdout: 'pipe',
    label: `SQLite ${request.op}`,
  });
  let result: unknown;
  const tableStats: SqliteTableStats[] = [];
  forEachLine(child.stdout, (text) => {
    if (!text) return;
    const line = JSON.parse(text) as SqliteWorkerLine;
    if (line.type === 'result') result = line.result;
    else if (line.type === 'table') tableStats.push(line.stats);
    else {
      const { type: _, ...update } = line;
      onProgress(update);
    }
  });
  await child.done;
  if (result === undefined) throw new Error(`The SQLite ${request.op} ended without a result.`);
  return { result: result as T, tableStats };
}
