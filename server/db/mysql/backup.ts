// MySQL / MariaDB backups: mariadb-dump (else mysqldump) of one database as SQL text,
// gzipped as it streams, from a snapshot shared with the row counts and checksums we read
// for the manifest (shared-snapshot.ts); restored by piping it into the mariadb client. The
// dump names no database (no CREATE DATABASE / USE), so it restores into any one, a
// verify's scratch schema included. Tools get the password through a private option file
// only (option-file.ts), never argv or environment. Without a dump tool, the built-in
// logical dump (logical-backup.ts) is written instead, and the manifest's format says
// which one a file is: its restore needs no client either.
import { statSync } from 'node:fs';
import type { Connection as CoreConnection } from 'mysql2';
import type { Connection } from 'mysql2/promise';
import type { BackupOutcome, EngineBackup } from '../../backups/engine.ts';
import { AppError } from '../../errors.ts';
import type { JobContext } from '../../jobs/job.ts';
import type { BackupManifest, TableStats } from '../../protocol/index.ts';
import { checkDumpFile, LOGICAL_TOOL } from '../../backups/logical-dump-file.ts';
import { toolOrFallback } from '../../backups/dump-tool-fallback.ts';
import type { MysqlTarget, SslOption } from './config.ts';
import { connectClient, negotiate } from './connect.ts';
import { gunzipInto, gzipInto, readToEnd } from './dump-files.ts';
import { findMysqlTool, type MysqlTool } from './dump-tools.ts';
import { LOGICAL_FORMAT, restoreLogicalBackup, writeLogicalBackup, type LogicalBackupSource } from './logical-backup.ts';
import { writeOptionFile } from './option-file.ts';
import { createScratchSchema, dropAbandonedScratchSchemas, dropScratchSchema } from './scratch-schemas.ts';
import { openSharedSnapshot, PAST_SNAPSHOT } from './shared-snapshot.ts';
import { listTables, measureTables } from './table-stats.ts';

const PROGRESS_EVERY_MS = 500;
/** The last line mariadb-dump (and mysqldump) writes when it finished without error. */
const COMPLETED = /-- Dump completed/;

/** `findTool` is where mariadb-dump and the client come from (tests pass one that finds none). */
export function createMysqlBackup(findTool: (role: 'dump' | 'client') => MysqlTool = findMysqlTool): EngineBackup<'mysql'> {
  return {
  extension: '.sql.gz',

  async backup(job, target, request, file) {
    const tool = toolOrFallback(() => findTool('dump'), job);
    const { connection, core } = await openFirst(target);
    const stopOnCancel = job.onCancel(() => connection.destroy());
    const options = tool && writeOptionFile(target, { withDatabase: false, prefix: 'dbt-mariadb-dump-' });
    try {
      const version = await serverVersion(connection);
      // A connection backs up its own database; the explorer shows the server's others too.
      const elsewhere = (request.tables ?? []).filter((t) => t.schema && t.schema !== target.database);
      if (request.kind === 'tables' && elsewhere.length) {
        throw new AppError('not_supported', `A backup of this connection holds tables of ${target.database} only, not ${elsewhere.map((t) => `${t.schema}.${t.name}`).join(', ')}: add a connection to that database to back them up.`);
      }
      const tables = await listTables(connection, target.database, request.kind === 'tables' ? request.tables : undefined);
      if (request.kind === 'tables') {
        const found = new Set(tables.map((t) => t.name));
        const missing = request.tables!.filter((t) => !found.has(t.name));
        if (missing.length) throw new AppError('not_found', `No such table: ${missing.map((t) => `${target.database}.${t.name}`).join(', ')}.`, 404);
      }
      const withData = request.kind !== 'schema-only';
      // The dump's text runs about as large as the tables' pages: the best estimate there is.
      const estimate = tables.reduce((sum, t) => sum + t.estimatedBytes, 0);
      if (!tool) return { serverVersion: version, ...(await logicalBackup(job, { connection, core, database: target.database, tables, kind: request.kind }, file, estimate)) };
      job.progress({ phase: 'Opening a snapshot' });

      const snapshot = await openSharedSnapshot(job, connection);
      const dump = job.spawn({ command: tool.path, args: [options!.arg, ...dumpArgs(request.kind, target.database, tables.map((t) => t.name))], stdout: 'pipe', label: 'mariadb-dump' });
      let dumped = 0;
      const opened = Promise.withResolvers<void>();
      let recent: string | null = '';
      const written = gzipInto(dump.stdout!, file, (bytes, chunk) => {
        dumped = bytes;
        if (recent === null) return;
        recent = recent.slice(-64) + chunk.toString('latin1');
        if (PAST_SNAPSHOT.test(recent)) {
          recent = null;
          opened.resolve();
        }
      }, job.signal);
      written.catch(() => {}); // awaited below
      // "Dumping" starts with the first bytes: the rate (and so the ETA) is not dragged down
      // by the seconds of connecting and locking before them.
      let dumping = false;
      const report = () => {
        if (!dumping && dumped === 0) return;
        // One update: the phase's first sample must carry `done`, or the rate has no baseline.
        job.progress({ ...(dumping ? {} : { phase: 'Dumping', total: estimate || null, unit: 'bytes' }), done: dumped, bytes: fileSize(file) });
        dumping = true;
      };
      const timer = setInterval(report, PROGRESS_EVERY_MS);
      try {
        await snapshot.dumpStarted(Promise.race([opened.promise, dump.done, written]));
        // Counted while the dump reads: both in the same snapshot, the work overlaps. Once
        // the counts are done the dump has the CPU to itself and speeds up: the progress says
        // so, for the ETA to follow the new pace rather than the average.
        const measuring = (
          withData
            ? measureTables(connection, target.database, tables, job.signal)
            : Promise.resolve(tables.map((t): TableStats => ({ schema: t.schema, name: t.name, rows: 0, checksum: '0' })))
        ).then((stats) => {
          if (dumping) job.progress({ done: dumped, bytes: fileSize(file), paceChanged: true });
          return stats;
        });
        const [measured, ran, piped] = await Promise.allSettled([measuring, dump.done, written]);
        // A write error (disk full) says more than the dump's broken pipe that follows it.
        if (piped.status === 'rejected') throw piped.reason;
        if (ran.status === 'rejected') throw ran.reason;
        if (measured.status === 'rejected') throw measured.reason;
        await connection.query('COMMIT');
        report();
        job.progress({ done: dumped, total: dumped, bytes: fileSize(file) });
        const how = snapshot.shared ? 'one snapshot shared by the dump and the row counts' : 'row counts from a separate snapshot';
        return { serverVersion: version, tool: tool.version, format: `SQL text (${how}), gzip`, tableStats: measured.value } satisfies BackupOutcome;
      } finally {
        clearInterval(timer);
      }
    } finally {
      options?.cleanup();
      stopOnCancel();
      await connection.end().catch(() => {});
    }
  },

  async quickCheck(job, file, manifest) {
    job.progress({ phase: 'Reading the archive back' });
    if (manifest.format === LOGICAL_FORMAT) return checkDumpFile(file, job.signal);
    const { bytes, tail } = await readToEnd(file, job.signal);
    if (!COMPLETED.test(tail)) throw new Error(`the dump (${bytes} bytes of SQL) does not end with the tool's "-- Dump completed" line: it was cut short.`);
    return `gzip reads to the end (${bytes} bytes of SQL) and the dump says it completed`;
  },

  async tableCount(target) {
    const { connection } = await openFirst(target);
    try {
      return (await listTables(connection, target.database)).length;
    } finally {
      await connection.end().catch(() => {});
    }
  },

  async restore(job, file, target, options, manifest) {
    // The dump drops and re-creates each table it holds (mariadb-dump's --add-drop-table, and
    // the built-in dump's DROP entries); other tables of the target stay, so "clean" adds nothing here.
    if (options.clean) job.log('A MySQL / MariaDB restore always replaces the tables the backup holds and leaves other tables as they are.');
    // Undoes itself when stopped, and says so: none of the tool path's "incomplete" below.
    if (manifest.format === LOGICAL_FORMAT) return restoreInto(job, file, target, manifest, findTool);
    try {
      await restoreInto(job, file, target, manifest, findTool);
    } catch (error) {
      // MySQL's DDL commits as it goes: a restore stopped part-way cannot be rolled back.
      const incomplete = `The restore into ${target.database} stopped part-way: it now holds part of the backup and is incomplete. Restore again before using it.`;
      if (job.signal.aborted) {
        job.log(incomplete, 'warn');
        throw error;
      }
      throw new AppError('restore_incomplete', `${incomplete} Cause: ${(error as Error).message}`, 422, { cause: error });
    }
  },

  async restoreAndMeasure(job, file, target, tables, manifest) {
    const { connection, ssl } = await openFirst(target);
    try {
      const abandoned = await dropAbandonedScratchSchemas(connection);
      if (abandoned.length) job.log(`Dropped scratch schemas left by an interrupted verify: ${abandoned.join(', ')}.`, 'warn');
      const scratch = await createScratchSchema(connection);
      job.log(`Created the scratch schema ${scratch}.`);
      try {
        await restoreInto(job, file, { ...target, database: scratch }, manifest, findTool);
        job.progress({ phase: 'Comparing', done: 0, total: tables.length, unit: 'tables' });
        const scratchConnection = await openClient(target, ssl);
        try {
          const present = new Set((await listTables(scratchConnection, scratch)).map((t) => t.name));
          const stats: TableStats[] = [];
          for (const [index, table] of tables.entries()) {
            if (present.has(table.name)) stats.push(...(await measureTables(scratchConnection, scratch, [table], job.signal, table.schema)));
            job.progress({ done: index + 1 });
          }
          return stats;
        } finally {
          await scratchConnection.end().catch(() => {});
        }
      } finally {
        await dropScratchSchema(connection, scratch).catch((error: Error) => job.log(`Could not drop the scratch schema ${scratch}: ${error.message}`, 'warn'));
      }
    } finally {
      await connection.end().catch(() => {});
    }
  },

  confirmationName: (target) => target.database,

  // MySQL / MariaDB commit each DDL statement: a restore cannot be one transaction.
  ifRestoreInterrupted: 'MySQL / MariaDB commit each table as it is restored: the target database is incomplete, holding part of the backup. Restore again before using it.',
  };
}

export const mysqlBackup = createMysqlBackup();

/**
 * The built-in dump, with the same byte progress as the tool's (its SQL text against the
 * tables' size). As there, "Dumping" starts with the first bytes: the rate (and the ETA)
 * leaves out opening the snapshot and reading the schema.
 */
async function logicalBackup(job: JobContext, source: LogicalBackupSource, file: string, estimate: number): Promise<Omit<BackupOutcome, 'serverVersion'>> {
  let dumped = 0;
  let dumping = false;
  job.progress({ phase: 'Opening a snapshot' });
  const timer = setInterval(() => {
    if (!dumping && dumped === 0) return;
    job.progress({ ...(dumping ? {} : { phase: 'Dumping', total: estimate || null, unit: 'bytes' }), done: dumped, bytes: fileSize(file) });
    dumping = true;
  }, PROGRESS_EVERY_MS);
  try {
    const tableStats = await writeLogicalBackup(job, source, file, (bytes) => (dumped = bytes));
    job.progress({ done: dumped, total: dumped, bytes: fileSize(file) });
    return { tool: LOGICAL_TOOL, format: LOGICAL_FORMAT, tableStats };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The dump tool's arguments after the option file. One database, named last and without
 * --databases, so the dump holds no CREATE DATABASE / USE lines.
 */
export function dumpArgs(kind: 'full' | 'schema-only' | 'data-only' | 'tables', database: string, tables: string[]): string[] {
  const args = ['--single-transaction', '--hex-blob', '--default-character-set=utf8mb4', '--no-tablespaces', '--skip-lock-tables'];
  // Routines and events belong to the database, not to a list of tables or to its data.
  if (kind === 'full' || kind === 'schema-only') args.push('--routines', '--events', '--triggers');
  if (kind === 'tables') args.push('--triggers');
  if (kind === 'data-only') args.push('--no-create-info', '--skip-triggers');
  if (kind === 'schema-only') args.push('--no-data');
  // "--" ends the options: a database or table named like one stays a name.
  args.push('--', database);
  if (kind === 'tables') args.push(...tables);
  return args;
}

/** The gunzipped dump piped into the mariadb client, connected to `target`'s database; a built-in dump replayed by us. */
async function restoreInto(job: JobContext, file: string, target: MysqlTarget, manifest: BackupManifest, findTool: (role: 'client') => MysqlTool): Promise<void> {
  if (manifest.format === LOGICAL_FORMAT) {
    const { connection, ssl } = await openFirst(target);
    const stopOnCancel = job.onCancel(() => connection.destroy());
    try {
      return await restoreLogicalBackup(job, file, target, connection, () => openClient(target, ssl), manifest);
    } finally {
      stopOnCancel();
      await connection.end().catch(() => {});
    }
  }
  const tool = findTool('client');
  const size = fileSize(file);
  job.progress({ phase: 'Restoring', bytes: 0, totalBytes: size });
  job.log(`Restoring with ${tool.path} (${tool.version}) into ${target.database}.`);
  const options = writeOptionFile(target, { prefix: 'dbt-mariadb-restore-' });
  try {
    // --binary-mode: the dump's text is fed as it is (no \-escapes or \C charset switches interpreted outside strings).
    const client = job.spawn({ command: tool.path, args: [options.arg, '--batch', '--binary-mode'], stdin: 'pipe', label: 'mariadb' });
    let read = 0;
    const timer = setInterval(() => job.progress({ bytes: read }), PROGRESS_EVERY_MS);
    try {
      const fed = gunzipInto(file, client.stdin!, (bytes) => (read = bytes), job.signal);
      const [ran, piped] = await Promise.allSettled([client.done, fed]);
      // The client's own error (the failing statement) says most; a broken pipe follows it.
      if (ran.status === 'rejected') throw ran.reason;
      if (piped.status === 'rejected') throw piped.reason;
      job.progress({ bytes: size });
    } finally {
      clearInterval(timer);
    }
  } finally {
    options.cleanup();
  }
}

async function serverVersion(connection: Connection): Promise<string> {
  const [rows] = await connection.query('SELECT VERSION()');
  const version = String((rows as [string][])[0]![0]);
  return /mariadb/i.test(version) ? `MariaDB ${version.replace(/-MariaDB.*$/i, '')}` : `MySQL ${version}`;
}

/** The first connection (negotiating TLS), as a promise connection that never crashes the server when lost. */
async function openFirst(target: MysqlTarget): Promise<{ connection: Connection; core: CoreConnection; ssl: SslOption }> {
  const { connection, ssl } = await negotiate(target);
  connection.on('error', () => {});
  return { connection: connection.promise(), core: connection, ssl };
}

async function openClient(target: MysqlTarget, ssl: SslOption): Promise<Connection> {
  const connection = await connectClient(target, ssl);
  connection.on('error', () => {});
  return connection.promise();
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
