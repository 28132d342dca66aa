// PostgreSQL backups: pg_dump in custom format (compressed, restorable selectively) from a
// snapshot we export, so the per-table row counts and checksums we read at the same time
// describe exactly what the archive holds; pg_restore back. Tools are chosen by version
// (dump-tools.ts) and get the password through the environment only. Without a pg_dump
// new enough for the server, the built-in logical dump (logical-backup.ts) is written
// instead, from the same snapshot, and the manifest's format says which one a file is.
import { statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { BackupOutcome, EngineBackup } from '../../backups/engine.ts';
import { AppError } from '../../errors.ts';
import type { JobContext } from '../../jobs/job.ts';
import type { BackupManifest, TableStats } from '../../protocol/index.ts';
import { clientConfig, type PostgresTarget, type SslOption } from './config.ts';
import { negotiate } from './connect.ts';
import { followCopyProgress } from './copy-progress.ts';
import { toolOrFallback } from '../../backups/dump-tool-fallback.ts';
import { findDumpTool } from './dump-tools.ts';
import { libpqEnvironment } from './libpq-env.ts';
import { checkDumpFile, LOGICAL_TOOL } from '../../backups/logical-dump-file.ts';
import { restoreLogicalBackup, writeLogicalBackup } from './logical-backup.ts';
import { LOGICAL_FORMAT } from './logical-dump.ts';
import { createScratchDatabase, dropAbandonedScratchDatabases, dropScratchDatabase } from './scratch-databases.ts';
import { GUESSED_ROW_BYTES, listTables, measureTables, quoteIdent } from './table-stats.ts';

const PROGRESS_EVERY_MS = 500;

/** `findTool` is where pg_dump / pg_restore come from (tests pass one that finds none). */
export function createPostgresBackup(findTool: typeof findDumpTool = findDumpTool): EngineBackup<'postgres'> {
  return {
  extension: '.dump',

  async backup(job, target, request, file) {
    const { client, ssl } = await openFirst(target);
    const stopOnCancel = job.onCancel(() => client.end());
    let poller: pg.Client | undefined;
    try {
      const { version, major } = await serverVersion(client);
      const tool = toolOrFallback(() => findTool('pg_dump', major), job);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const snapshot = (await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]!.s;
      const tables = await listTables(client, request.kind === 'tables' ? request.tables : undefined);
      if (request.kind === 'tables') {
        const found = new Set(tables.map((t) => `${t.schema}.${t.name}`));
        const missing = request.tables!.filter((t) => !found.has(`${t.schema}.${t.name}`));
        if (missing.length) throw new AppError('not_found', `No such table: ${missing.map((t) => `${t.schema}.${t.name}`).join(', ')}.`, 404);
      }
      const withData = request.kind !== 'schema-only';
      // The row counts and checksums are read while the dump runs and share the CPU with it:
      // once they are done the dump speeds up, and the progress says so (`paceChanged`) for
      // the ETA to follow the new pace, not the average.
      const measure = () => (withData ? measureTables(client, tables, job.signal) : Promise.resolve(tables.map((t): TableStats => ({ schema: t.schema, name: t.name, rows: 0, checksum: '0' }))));

      if (!tool) {
        job.progress({ phase: 'Dumping', done: 0, total: withData ? tables.reduce((sum, t) => sum + t.estimatedRows, 0) : 0, unit: 'rows', bytes: 0 });
        let rowsDone = 0;
        const sizeTimer = setInterval(() => job.progress({ done: rowsDone, bytes: fileSize(file) }), PROGRESS_EVERY_MS);
        try {
          const measuring = measure().then((stats) => {
            job.progress({ done: rowsDone, bytes: fileSize(file), paceChanged: true });
            return stats;
          });
          const [stats, dumped] = await Promise.allSettled([measuring, writeLogicalBackup(job, target, ssl, snapshot, tables, request.kind, file, (rows) => (rowsDone = rows))]);
          if (dumped.status === 'rejected') throw dumped.reason;
          if (stats.status === 'rejected') throw stats.reason;
          await client.query('COMMIT');
          job.progress({ done: stats.value.reduce((sum, t) => sum + t.rows, 0), bytes: fileSize(file) });
          return { serverVersion: version, tool: LOGICAL_TOOL, format: LOGICAL_FORMAT, tableStats: stats.value } satisfies BackupOutcome;
        } finally {
          clearInterval(sizeTimer);
        }
      }

      // Progress in bytes of table data: each table's rows weighed by its bytes per row.
      const totalBytes = withData ? tables.reduce((sum, t) => sum + t.estimatedBytes, 0) : 0;
      job.progress({ phase: 'Dumping', done: 0, total: totalBytes, unit: 'bytes', bytes: 0 });
      const applicationName = `db-toolkit backup ${randomBytes(4).toString('hex')}`;
      poller = await openClient(target, ssl);
      let lastReading = 0;
      let lastDone = 0;
      let paceMarkDue = false;
      const stopFollowing = followCopyProgress({
        client: poller,
        applicationName,
        estimates: new Map(tables.map((t) => [t.oid, { rows: t.estimatedRows, weight: t.estimatedRows > 0 ? t.estimatedBytes / t.estimatedRows : GUESSED_ROW_BYTES }])),
        report: (done) => {
          lastReading = Date.now();
          lastDone = done;
          // The pace mark goes with the first reading after the counts ended: its rows are fresh.
          job.progress({ done, bytes: fileSize(file), ...(paceMarkDue ? { paceChanged: true } : {}) });
          paceMarkDue = false;
        },
      });
      // Bytes keep moving when there are no readings (PostgreSQL < 14, or a poll stuck on a loaded server).
      const sizeTimer = setInterval(() => Date.now() - lastReading > 2 * PROGRESS_EVERY_MS && job.progress({ bytes: fileSize(file) }), PROGRESS_EVERY_MS);
      const libpq = libpqEnvironment(target, applicationName);
      try {
        const args = ['--format=custom', '--no-password', `--snapshot=${snapshot}`, `--file=${file}`];
        if (request.kind === 'schema-only') args.push('--schema-only');
        if (request.kind === 'data-only') args.push('--data-only');
        // Inside double quotes a pattern is taken literally (quotes doubled).
        if (request.kind === 'tables') for (const t of tables) args.push(`--table=${quoteIdent(t.schema)}.${quoteIdent(t.name)}`);
        const dump = job.spawn({ command: tool.path, args, env: libpq.env, label: 'pg_dump' });
        // Counted while pg_dump reads: both in the same snapshot, the work overlaps.
        const measuring = measure().then((stats) => {
          paceMarkDue = true;
          return stats;
        });
        const [stats, dumped] = await Promise.allSettled([measuring, dump.done]);
        if (dumped.status === 'rejected') throw dumped.reason; // pg_dump's own error says most
        if (stats.status === 'rejected') throw stats.reason;
        const tableStats = stats.value;
        await client.query('COMMIT');
        job.progress({ done: Math.max(totalBytes, lastDone), bytes: fileSize(file) });
        return { serverVersion: version, tool: tool.version, format: 'pg_dump custom format (compressed)', tableStats } satisfies BackupOutcome;
      } finally {
        clearInterval(sizeTimer);
        await stopFollowing();
        libpq.cleanup();
      }
    } finally {
      stopOnCancel();
      await poller?.end().catch(() => {});
      await client.end().catch(() => {});
    }
  },

  async quickCheck(job, file, manifest) {
    if (manifest.format === LOGICAL_FORMAT) {
      job.progress({ phase: 'Reading the archive back' });
      return checkDumpFile(file, job.signal);
    }
    const tool = findTool('pg_restore', dumpMajor(manifest));
    job.progress({ phase: 'Reading the archive back' });
    const list = job.spawn({ command: tool.path, args: ['--list', file], stdout: 'pipe', label: 'pg_restore --list' });
    let entries = 0;
    let text = '';
    list.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const lines = text.split('\n');
      text = lines.pop()!;
      entries += lines.filter((l) => l && !l.startsWith(';')).length;
    });
    await list.done;
    return `pg_restore --list reads ${entries} entries`;
  },

  async tableCount(target) {
    const { client } = await openFirst(target);
    try {
      return (await listTables(client)).length;
    } finally {
      await client.end().catch(() => {});
    }
  },

  async restore(job, file, target, options, manifest) {
    const { client, ssl } = await openFirst(target);
    try {
      await restoreInto(job, file, target, options.clean, manifest, ssl, findTool);
    } finally {
      await client.end().catch(() => {});
    }
  },

  async restoreAndMeasure(job, file, target, tables, manifest) {
    const { client, ssl } = await openFirst(target);
    try {
      const { major } = await serverVersion(client);
      const abandoned = await dropAbandonedScratchDatabases(client, major);
      if (abandoned.length) job.log(`Dropped scratch databases left by an interrupted verify: ${abandoned.join(', ')}.`, 'warn');
      const scratch = await createScratchDatabase(client);
      job.log(`Created the scratch database ${scratch}.`);
      try {
        const scratchTarget: PostgresTarget = { ...target, database: scratch };
        await restoreInto(job, file, scratchTarget, false, manifest, ssl, findTool);
        job.progress({ phase: 'Comparing', done: 0, total: tables.length, unit: 'tables' });
        const scratchClient = await openClient(scratchTarget, ssl);
        try {
          const present = new Set((await listTables(scratchClient)).map((t) => `${t.schema}\u0000${t.name}`));
          const stats: TableStats[] = [];
          for (const [index, table] of tables.entries()) {
            if (present.has(`${table.schema}\u0000${table.name}`)) stats.push(...(await measureTables(scratchClient, [table], job.signal)));
            job.progress({ done: index + 1 });
          }
          return stats;
        } finally {
          await scratchClient.end().catch(() => {});
        }
      } finally {
        await dropScratchDatabase(client, scratch, major).catch((error: Error) => job.log(`Could not drop the scratch database ${scratch}: ${error.message}`, 'warn'));
      }
    } finally {
      await client.end().catch(() => {});
    }
  },

  confirmationName: (target) => target.database,

  ifRestoreInterrupted: 'The restore ran as one transaction, which PostgreSQL rolled back when its connection ended: the target database holds what it held before.',
  };
}

export const postgresBackup = createPostgresBackup();

/**
 * pg_restore in one transaction that stops at the first error: an interrupted or failed
 * restore leaves the target as it was, never half-restored.
 */
async function restoreInto(job: JobContext, file: string, target: PostgresTarget, clean: boolean, manifest: BackupManifest, ssl: SslOption, findTool: typeof findDumpTool): Promise<void> {
  if (manifest.format === LOGICAL_FORMAT) return restoreLogicalBackup(job, file, target, ssl, clean, manifest);
  const tool = findTool('pg_restore', dumpMajor(manifest));
  const applicationName = `db-toolkit restore ${randomBytes(4).toString('hex')}`;
  const totalRows = manifest.kind === 'schema-only' ? 0 : manifest.tableStats.reduce((sum, t) => sum + t.rows, 0);
  job.progress({ phase: 'Restoring', done: 0, total: totalRows, unit: 'rows' });
  job.log(`Restoring with ${tool.path} (${tool.version}) into ${target.database}.`);
  const poller = await openClient(target, ssl);
  let rowsDone = 0;
  const stopFollowing = followCopyProgress({ client: poller, applicationName, estimates: null, report: (rows) => (rowsDone = rows) });
  const timer = setInterval(() => job.progress({ done: rowsDone }), PROGRESS_EVERY_MS);
  const libpq = libpqEnvironment(target, applicationName);
  try {
    const args = ['--no-password', '--exit-on-error', '--single-transaction', `--dbname=${target.database}`];
    if (clean) args.push('--clean', '--if-exists');
    args.push(file);
    await job.spawn({ command: tool.path, args, env: libpq.env, label: 'pg_restore' }).done;
    job.progress({ done: totalRows });
  } finally {
    clearInterval(timer);
    await stopFollowing();
    libpq.cleanup();
    await poller.end().catch(() => {});
  }
}

async function serverVersion(client: pg.Client): Promise<{ version: string; major: number }> {
  const { rows } = await client.query<{ v: string; n: string }>("SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n");
  return { version: `PostgreSQL ${rows[0]!.v.split(' ')[0]}`, major: Math.floor(Number(rows[0]!.n) / 10000) };
}

/** The major version of the pg_dump that wrote the archive: pg_restore must be at least that. */
function dumpMajor(manifest: BackupManifest): number {
  return Number(/\)\s+(\d+)/.exec(manifest.tool)?.[1] ?? 0);
}

/**
 * A connection of our own, with the TLS option the first one negotiated. A connection
 * lost while idle (server restart, a scratch database dropped) must not crash the server:
 * its error shows in the next query instead.
 */
async function openClient(target: PostgresTarget, ssl: SslOption): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(target, ssl));
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** negotiate(), with the same guard. */
async function openFirst(target: PostgresTarget): Promise<{ client: pg.Client; ssl: SslOption }> {
  const opened = await negotiate(target);
  opened.client.on('error', () => {});
  return opened;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
