// A MySQL / MariaDB backup and restore through the built-in logical dump (logical-dump.ts),
// for when neither mariadb-dump nor mysqldump (nor the mariadb client) is installed. The
// dump and the manifest's row counts and checksums are read on ONE connection, in one
// read-only consistent snapshot — so they describe the same state with no lock at all.
// A restore that fails or is cancelled drops what it created (tables, views, routines,
// events), so a database that was empty is left empty.
import type { Connection as CoreConnection } from 'mysql2';
import type { Connection } from 'mysql2/promise';
import type { JobContext } from '../../jobs/job.ts';
import type { BackupKind, BackupManifest, TableStats } from '../../protocol/index.ts';
import type { MysqlTarget } from './config.ts';
import { LOGICAL_FORMAT, restoreLogicalDump, writeLogicalDump } from './logical-dump.ts';
import { readLogicalSchema } from './logical-schema.ts';
import { measureTables, quoteIdent, type TableEstimate } from './table-stats.ts';

export { LOGICAL_FORMAT };

export interface LogicalBackupSource {
  /** The backup's connection, its default database the one dumped; `core` is the same connection. */
  connection: Connection;
  core: CoreConnection;
  database: string;
  tables: TableEstimate[];
  kind: BackupKind;
}

/** Writes the dump to `file`; returns the tables' rows and checksums from the same snapshot. */
export async function writeLogicalBackup(job: JobContext, source: LogicalBackupSource, file: string, onBytes: (bytes: number) => void): Promise<TableStats[]> {
  const { connection, database, tables, kind } = source;
  await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  const [zones] = await connection.query('SELECT @@session.time_zone');
  const zone = String((zones as [string][])[0]![0]);
  // TIMESTAMPs are sent in the session's time zone: UTC text restores the same instants anywhere.
  await connection.query("SET time_zone = '+00:00'");
  const schema = await readLogicalSchema(connection, database, tables, kind);
  try {
    await writeLogicalDump({ connection: source.core, tables, schema, kind, onBytes, signal: job.signal }, file);
  } catch (error) {
    // A streaming SELECT left unread (the file failed, a cancel) would hold the connection: end it now.
    source.core.destroy();
    throw error;
  }
  // Measured as the tool path and a full verify measure: in the session's own time zone.
  await connection.query('SET time_zone = ?', [zone]);
  job.progress({ phase: 'Counting rows and checksums' });
  const stats = kind === 'schema-only'
    ? tables.map((t): TableStats => ({ schema: t.schema, name: t.name, rows: 0, checksum: '0' }))
    : await measureTables(connection, database, tables, job.signal);
  await connection.query('COMMIT');
  return stats;
}

/**
 * Replays the dump into `target`'s database on `connection`. On an error or a cancel, the
 * tables, views and routines it had created are dropped (on `reopen()`'s connection: a
 * cancel ends this one). Returns nothing; throws the cause, after saying in the log what
 * the target holds.
 */
export async function restoreLogicalBackup(job: JobContext, file: string, target: MysqlTarget, connection: Connection, reopen: () => Promise<Connection>, manifest: BackupManifest): Promise<void> {
  const totalRows = manifest.kind === 'schema-only' ? 0 : manifest.tableStats.reduce((sum, t) => sum + t.rows, 0);
  job.progress({ phase: 'Restoring', done: 0, total: totalRows, unit: 'rows' });
  job.log(`Restoring the built-in logical dump into ${target.database}.`);
  const existing = await objectsIn(connection, target.database);
  try {
    await restoreLogicalDump(connection, file, { signal: job.signal, onRows: (done) => job.progress({ done }) });
    job.progress({ done: totalRows });
  } catch (error) {
    await undoRestore(job, target.database, existing, reopen).catch((undoError: Error) =>
      job.log(`The restore into ${target.database} stopped part-way, and what it had created could not be dropped (${undoError.message}): it is incomplete. Restore again before using it.`, 'warn'));
    throw error;
  }
}

/** Drops what the restore created (on a connection of its own: a cancel ended the restore's), and says what the target holds. */
async function undoRestore(job: JobContext, database: string, existing: DatabaseObject[], reopen: () => Promise<Connection>): Promise<void> {
  const undo = await reopen();
  try {
    const created = (await objectsIn(undo, database)).filter((o) => !existing.some((e) => e.type === o.type && e.name === o.name));
    await undo.query('SET foreign_key_checks = 0');
    for (const o of created) await undo.query(`DROP ${o.type} IF EXISTS ${quoteIdent(database)}.${quoteIdent(o.name)}`);
    job.log(
      existing.length
        ? `The restore into ${database} stopped part-way; what it had created was dropped, but the tables it had replaced or loaded into are incomplete. Restore again before using it.`
        : `The restore into ${database} stopped part-way; what it had created was dropped: the database is empty again, as it was.`,
      'warn',
    );
  } finally {
    await undo.end().catch(() => {});
  }
}

interface DatabaseObject {
  type: 'VIEW' | 'TABLE' | 'FUNCTION' | 'PROCEDURE' | 'EVENT';
  name: string;
}

/** Views first: dropping them needs nothing else gone. Triggers go with their tables. */
async function objectsIn(connection: Connection, database: string): Promise<DatabaseObject[]> {
  const [rows] = await connection.query({
    rowsAsArray: false,
    sql: `SELECT IF(TABLE_TYPE = 'VIEW', 'VIEW', 'TABLE') AS type, TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?
     UNION ALL SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?
     UNION ALL SELECT 'EVENT', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?`,
  }, [database, database, database]);
  const order = { VIEW: 0, TABLE: 1, FUNCTION: 2, PROCEDURE: 2, EVENT: 2 };
  return (rows as DatabaseObject[]).sort((a, b) => order[a.type] - order[b.type]);
}
