// Live progress of pg_dump / pg_restore, measured where the work happens: the server's
// pg_stat_progress_copy (PostgreSQL 14+) shows the rows each COPY has moved, for the
// backend our tool runs as (found by its application_name). Done = the estimates of the
// tables already finished + the rows of the one being copied, each row weighed by its
// table's bytes per row where those are known (pg_dump): tables of wide and narrow rows go
// at very different rows per second, and a rate in rows would make the ETA swing as the
// dump moves from one to the next. Older servers report bytes only. Each reading is
// reported as it arrives: the rows are dated when they were counted.
import type pg from 'pg';

export interface CopyProgressOptions {
  client: pg.Client;
  /** The tool's PGAPPNAME: unique per job. */
  applicationName: string;
  /**
   * Per table oid (pg_dump): its expected rows, and what one row weighs (its bytes) — or null
   * when tables are only known by count (pg_restore: progress in rows).
   */
  estimates: Map<number, { rows: number; weight: number }> | null;
  report(done: number): void;
  everyMs?: number;
}

export function followCopyProgress(options: CopyProgressOptions): () => Promise<void> {
  const seen = new Map<number, number>();
  let current: number | null = null;
  let stopped = false;
  let polling: Promise<void> = Promise.resolve();
  const poll = async () => {
    try {
      const { rows } = await options.client.query<{ relid: number; tuples: number }>(
        `SELECT p.relid::int AS relid, p.tuples_processed::float8 AS tuples
           FROM pg_stat_progress_copy p JOIN pg_stat_activity a ON a.pid = p.pid
          WHERE a.application_name = $1`,
        [options.applicationName],
      );
      const row = rows[0];
      if (row) {
        current = row.relid;
        seen.set(row.relid, Math.max(seen.get(row.relid) ?? 0, row.tuples));
      } else current = null;
      let done = 0;
      for (const [relid, tuples] of seen) {
        // A table no longer being copied is finished: count at least its estimate.
        const finished = relid !== current;
        const { rows = 0, weight = 1 } = options.estimates?.get(relid) ?? {};
        done += (finished ? Math.max(tuples, rows) : tuples) * weight;
      }
      options.report(done);
    } catch {
      // The view is missing (PostgreSQL < 14) or the connection went: bytes still show.
      stopped = true;
    }
  };
  // One poll at a time: on a loaded server a slow one is not queued behind, or readings would
  // arrive in bursts and the rows reported with each would be dated wrong (the rate, and so
  // the ETA, jumps).
  let inFlight = false;
  const timer = setInterval(() => {
    if (stopped || inFlight) return;
    inFlight = true;
    polling = poll().finally(() => (inFlight = false));
  }, options.everyMs ?? 500);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await polling;
  };
}
