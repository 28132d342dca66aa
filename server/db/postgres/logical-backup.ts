// A PostgreSQL backup and restore through the built-in logical dump (logical-dump.ts), for
// when no pg_dump / pg_restore new enough for the server is installed. The dump reads in
// the snapshot the backup exported, on a connection of its own, while the caller measures
// the tables in the same snapshot — so the manifest's counts describe the file exactly.
import pg from 'pg';
import type { JobContext } from '../../jobs/job.ts';
import type { BackupKind, BackupManifest } from '../../protocol/index.ts';
import { clientConfig, type PostgresTarget, type SslOption } from './config.ts';
import { restoreLogicalDump, writeLogicalDump } from './logical-dump.ts';
import { readLogicalSchema } from './logical-schema.ts';
import type { TableEstimate } from './table-stats.ts';

export async function writeLogicalBackup(
  job: JobContext,
  target: PostgresTarget,
  ssl: SslOption,
  snapshot: string,
  tables: TableEstimate[],
  kind: BackupKind,
  file: string,
  onRows: (rows: number) => void,
): Promise<void> {
  const client = new pg.Client(clientConfig(target, ssl));
  client.on('error', () => {});
  await client.connect();
  const stopOnCancel = job.onCancel(() => client.end());
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`SET TRANSACTION SNAPSHOT '${snapshot.replaceAll("'", "''")}'`);
    const schema = await readLogicalSchema(client, tables, kind !== 'tables');
    await writeLogicalDump({ client, tables, schema, kind, onRows, signal: job.signal }, file);
    await client.query('COMMIT');
  } finally {
    stopOnCancel();
    await client.end().catch(() => {});
  }
}

export async function restoreLogicalBackup(job: JobContext, file: string, target: PostgresTarget, ssl: SslOption, clean: boolean, manifest: BackupManifest): Promise<void> {
  const totalRows = manifest.kind === 'schema-only' ? 0 : manifest.tableStats.reduce((sum, t) => sum + t.rows, 0);
  job.progress({ phase: 'Restoring', done: 0, total: totalRows, unit: 'rows' });
  job.log(`Restoring the built-in logical dump into ${target.database} in one transaction.`);
  const client = new pg.Client(clientConfig(target, ssl));
  client.on('error', () => {});
  await client.connect();
  const stopOnCancel = job.onCancel(() => client.end());
  try {
    await restoreLogicalDump(client, file, { clean, signal: job.signal, onRows: (done) => job.progress({ done }) });
    job.progress({ done: totalRows });
  } finally {
    stopOnCancel();
    await client.end().catch(() => {});
  }
}
