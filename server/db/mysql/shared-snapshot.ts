// One snapshot for the dump and our counts. mariadb-dump --single-transaction opens its
// own consistent snapshot on its own connection; the row counts and checksums we read for
// the manifest come from another connection, so on their own the two are separate
// snapshots, and a write committed between them would make a correct backup fail its
// verify (or hide a real difference). So, as mariadb-dump --master-data does for itself:
// FLUSH TABLES WITH READ LOCK briefly stops writes, our snapshot opens, the dump starts and
// opens its snapshot, and only then the lock is released — both snapshots see the same
// committed state. The dump has opened its snapshot once its output reaches the first
// table or routine: mariadb-dump starts its transaction before dumping any (INNODB_TRX does
// not list its read-only transaction, so the output is the sign). Writes wait for that long:
// the time the tool needs to connect and write its first few kilobytes (its stdout is
// block-buffered), or the whole dump when it is smaller than that.
//
// Without the RELOAD privilege FTWRL is refused: then the snapshots are separate, and the
// job's log says so.
import type { Connection } from 'mysql2/promise';
import type { JobContext } from '../../jobs/job.ts';

/** How long writes may be held up waiting for the dump to open its snapshot. */
const MAX_LOCK_MS = 15_000;

export interface SharedSnapshot {
  /** Whether the dump's snapshot is known to be ours. */
  shared: boolean;
  /**
   * Call right after the dump was spawned, with a promise that settles once its output
   * shows a table or routine (or it ended): then writes go on.
   */
  dumpStarted(opened: Promise<unknown>): Promise<void>;
}

/** In mariadb-dump's (and mysqldump's) output only after its transaction began. */
export const PAST_SNAPSHOT = /^-- (Table structure for table|Dumping data for table|Dumping routines|Dumping events|Dump completed)/m;

export async function openSharedSnapshot(job: JobContext, connection: Connection): Promise<SharedSnapshot> {
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
  return {
    shared: locked,
    async dumpStarted(opened) {
      if (!locked) return;
      const since = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), MAX_LOCK_MS)));
      try {
        const late = await Promise.race([opened.then(() => false, () => false), timedOut]);
        if (late) job.log('The dump did not open its snapshot within 15 s; writes go on, and its snapshot may be later than the row counts.', 'warn');
        else job.log(`Writes held for ${Date.now() - since} ms while the dump opened its snapshot (shared with the row counts).`);
      } finally {
        clearTimeout(timer);
        // Ends the global read lock only; our transaction (the snapshot) stays open.
        await connection.query('UNLOCK TABLES');
      }
    },
  };
}
