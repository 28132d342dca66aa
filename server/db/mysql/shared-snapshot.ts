// One snapshot for the dump and our counts. mariadb-dump --single-transaction opens its
// own consistent snapshot on its own connection; the row counts and checksums we read for
// the manifest come from another connection, so on their own the two are separate
// snapshots, and a write committed between them would make a correct backup fail its
// verify (or hide a real difference). So, as mariadb-dump --master-data does for itself:
// FLUSH TABLES WITH READ LOCK briefly stops writes, our snapshot opens, the dump starts and
// opens its snapshot (we watch for its transaction in INNODB_TRX), and only then the lock
// is released — both snapshots see the same committed state. The lock is held for the
// time the tool needs to connect (milliseconds, as mariadb-dump's own lock).
//
// Without the RELOAD privilege FTWRL is refused: then the snapshots are separate, and the
// job's log says so.
import type { Connection } from 'mysql2/promise';
import type { JobContext } from '../../jobs/job.ts';

/** How long writes may be held up waiting for the dump to open its snapshot. */
const MAX_LOCK_MS = 15_000;
const POLL_MS = 10;

export interface SharedSnapshot {
  /** Whether the dump's snapshot is known to be ours. */
  shared: boolean;
  /** Call right after the dump was spawned: waits for its snapshot, then lets writes go on. */
  dumpStarted(dumpEnded: Promise<unknown>): Promise<void>;
}

export async function openSharedSnapshot(job: JobContext, connection: Connection, user: string): Promise<SharedSnapshot> {
  let locked = false;
  try {
    // Never queue writers behind us for long when a long statement holds a table.
    await connection.query('SET SESSION lock_wait_timeout = 10');
    await connection.query('FLUSH TABLES WITH READ LOCK');
    locked = true;
  } catch (error) {
    job.log(
      `Could not hold writes for a moment (${(error as Error).message}); the row counts and checksums are read in a snapshot opened just before the dump's, so a write committed between the two would show as a difference in a full verify. Grant RELOAD to this user for one shared snapshot.`,
      'warn',
    );
  }
  await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  // Connection ids only grow: the dump's will be above every id there is now.
  const [[row]] = (await connection.query('SELECT MAX(ID) FROM information_schema.PROCESSLIST')) as unknown as [[[string | number]]];
  const baseline = Number(row[0]);
  return {
    shared: locked,
    async dumpStarted(dumpEnded) {
      if (!locked) return;
      let ended = false;
      void dumpEnded.finally(() => (ended = true)).catch(() => {});
      const since = Date.now();
      const deadline = since + MAX_LOCK_MS;
      try {
        while (!ended && !job.signal.aborted) {
          // A transaction of a newer connection of the same user: the dump's (another client
          // of this user connecting in these milliseconds could be taken for it — rare, and
          // it only ends the lock early).
          const [rows] = await connection.query(
            `SELECT COUNT(*) FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
              WHERE p.ID > ? AND p.USER = ?`,
            [baseline, user],
          );
          if (Number((rows as [string | number][])[0]![0]) > 0) {
            job.log(`Writes held for ${Date.now() - since} ms while the dump opened its snapshot (shared with the row counts).`);
            return;
          }
          if (Date.now() > deadline) {
            job.log('The dump did not open its snapshot within 15 s; writes go on, and its snapshot may be later than the row counts.', 'warn');
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
        if (ended) job.log(`Writes held for ${Date.now() - since} ms: the dump ran to its end within that time, in the same state as the row counts.`);
      } finally {
        // Ends the global read lock only; our transaction (the snapshot) stays open.
        await connection.query('UNLOCK TABLES');
      }
    },
  };
}
