// PostgreSQL's analytics monitor: one dedicated connection reading pg_stat_activity and
// pg_stat_database. pg_blocking_pids() takes the lock manager's locks, so it is called
// only for sessions that wait on a lock (CASE evaluates it for those rows alone).
import type pg from 'pg';
import type { Monitor, Reading, SessionRow } from '../../analytics/monitor.ts';
import { every, num } from '../../analytics/monitor.ts';
import type { TopStatements } from '../../protocol/index.ts';
import type { TargetOf } from '../driver.ts';
import { negotiate } from './connect.ts';

const APPLICATION_NAME = 'DB Toolkit analytics';

// Text columns only: node-pg would turn timestamps into Dates (losing microseconds, which
// the action key needs) and int8 into strings anyway.
const ACTIVITY = `
SELECT pid, usename AS user, application_name AS application, client_addr::text AS client, datname AS database,
       coalesce(state, 'unknown') AS state, wait_event_type, wait_event,
       to_char(query_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS started_at,
       extract(epoch FROM clock_timestamp() - query_start)::float8 AS duration,
       extract(epoch FROM clock_timestamp() - state_change)::float8 AS state_seconds,
       left(query, 4000) AS text,
       CASE WHEN wait_event_type = 'Lock' THEN pg_blocking_pids(pid) END AS blocked_by
FROM pg_stat_activity
WHERE backend_type = 'client backend'`;

const STATS = `
SELECT xact_commit + xact_rollback AS transactions, tup_returned + tup_fetched AS rows_read,
       tup_inserted + tup_updated + tup_deleted AS rows_written, blks_hit, blks_read, temp_files, deadlocks,
       pg_database_size(current_database()) AS size,
       current_setting('max_connections')::int AS max_connections,
       (SELECT max(extract(epoch FROM replay_lag))::float8 FROM pg_stat_replication) AS replication_lag
FROM pg_stat_database WHERE datname = current_database()`;

const TOP_STATEMENTS = `
SELECT left(query, 2000) AS text, calls::float8 AS calls, total_exec_time AS total_ms, mean_exec_time AS mean_ms, rows::float8 AS rows
FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY total_exec_time DESC LIMIT 10`;
const ENABLE_STATEMENTS =
  "Top statements need the pg_stat_statements extension: add shared_preload_libraries = 'pg_stat_statements' to postgresql.conf, restart PostgreSQL, then run CREATE EXTENSION pg_stat_statements in this database.";

export async function openPostgresMonitor(target: TargetOf<'postgres'>): Promise<Monitor> {
  const { client } = await negotiate(target);
  client.on('error', () => {});
  try {
    await client.query(`SET application_name = '${APPLICATION_NAME}'`);
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return new PostgresMonitor(client, rows[0]!.pid);
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
}

class PostgresMonitor implements Monitor {
  readonly selfPid: number;
  readonly #client: pg.Client;
  readonly #topStatements = every(30_000, () => this.#readTopStatements());

  constructor(client: pg.Client, selfPid: number) {
    this.#client = client;
    this.selfPid = selfPid;
  }

  async #readTopStatements(): Promise<TopStatements> {
    const installed = await this.#client.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'");
    if (installed.rowCount === 0) return { statements: [], note: ENABLE_STATEMENTS };
    try {
      const { rows } = await this.#client.query(TOP_STATEMENTS);
      return { statements: rows.map((r) => ({ text: r.text, calls: r.calls, totalMs: r.total_ms, meanMs: r.mean_ms, rows: r.rows })), note: null };
    } catch {
      // Created but not preloaded: the view refuses to be read.
      return { statements: [], note: ENABLE_STATEMENTS };
    }
  }

  async read(): Promise<Reading> {
    const activity = await this.#client.query(ACTIVITY);
    const stats = (await this.#client.query(STATS)).rows[0] ?? {};
    const sessions: SessionRow[] = activity.rows.map((r) => ({
      pid: r.pid,
      queryKey: r.started_at,
      startedAt: r.started_at,
      user: r.user,
      application: r.application || null,
      client: r.client,
      database: r.database,
      state: r.state,
      stateSeconds: r.state_seconds,
      waitEvent: r.wait_event ? `${r.wait_event_type}: ${r.wait_event}` : null,
      durationSeconds: r.duration,
      text: r.text,
      blockedBy: r.blocked_by ?? [],
    }));
    return {
      sessions,
      databaseBytes: num(stats.size),
      connections: { current: sessions.length, max: num(stats.max_connections) },
      counters: {
        transactions: num(stats.transactions),
        rowsRead: num(stats.rows_read),
        rowsWritten: num(stats.rows_written),
        cacheHits: num(stats.blks_hit),
        cacheMisses: num(stats.blks_read),
      },
      tempFiles: num(stats.temp_files),
      deadlocks: num(stats.deadlocks),
      details: { replicationLagSeconds: num(stats.replication_lag) },
      topStatements: await this.#topStatements(),
    };
  }

  async act(action: 'cancel' | 'terminate', pid: number, queryKey: string): Promise<boolean> {
    // Keys come from our snapshots; anything else cannot name a running statement.
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(queryKey)) return false;
    const fn = action === 'cancel' ? 'pg_cancel_backend' : 'pg_terminate_backend';
    // One statement: the key is checked and the signal sent together, so a statement that
    // started after the snapshot is never hit.
    const { rows } = await this.#client.query<{ ok: boolean }>(
      `SELECT ${fn}(pid) AS ok FROM pg_stat_activity WHERE pid = $1 AND query_start = $2::timestamptz`,
      [pid, queryKey],
    );
    return rows[0]?.ok === true;
  }

  async close(): Promise<void> {
    await this.#client.end().catch(() => {});
  }
}
