// MySQL/MariaDB's analytics monitor: one dedicated connection reading the process list,
// InnoDB's transactions and lock waits (only when a transaction waits), and the global
// status counters. Actions are keyed by the statement's QUERY_ID (MariaDB), which names
// one statement exactly.
import type mysql from 'mysql2';
import type { Monitor, Reading, SessionRow } from '../../analytics/monitor.ts';
import { every, num } from '../../analytics/monitor.ts';
import type { TopStatements } from '../../protocol/index.ts';
import type { TargetOf } from '../driver.ts';
import { negotiate } from './connect.ts';

type Row = Record<string, unknown>;

const PROCESSES = `
SELECT p.ID AS id, p.USER AS user, p.HOST AS host, p.DB AS db, p.COMMAND AS command, p.TIME_MS AS time_ms,
       p.STATE AS state, LEFT(p.INFO, 4000) AS info, p.QUERY_ID AS query_id, t.trx_state AS trx_state
FROM information_schema.PROCESSLIST p
LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID
WHERE p.COMMAND NOT IN ('Daemon', 'Binlog Dump')`;

const LOCK_WAITS = `
SELECT r.trx_mysql_thread_id AS waiter, b.trx_mysql_thread_id AS blocker
FROM information_schema.INNODB_LOCK_WAITS w
JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id`;

const STATUS_NAMES = [
  'Com_commit', 'Com_rollback', 'Innodb_rows_read', 'Innodb_rows_inserted', 'Innodb_rows_updated', 'Innodb_rows_deleted',
  'Innodb_buffer_pool_read_requests', 'Innodb_buffer_pool_reads', 'Created_tmp_disk_tables', 'Innodb_deadlocks', 'Threads_connected',
];
const STATUS = `SHOW GLOBAL STATUS WHERE Variable_name IN (${STATUS_NAMES.map((n) => `'${n}'`).join(', ')})`;
const SIZE = `SELECT SUM(DATA_LENGTH + INDEX_LENGTH) AS size, @@max_connections AS max_connections
FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`;

const TOP_STATEMENTS = `
SELECT LEFT(DIGEST_TEXT, 2000) AS text, COUNT_STAR AS calls, SUM_TIMER_WAIT / 1e9 AS total_ms, AVG_TIMER_WAIT / 1e9 AS mean_ms, SUM_ROWS_SENT AS \`rows\`
FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME = DATABASE() AND DIGEST_TEXT IS NOT NULL
ORDER BY SUM_TIMER_WAIT DESC LIMIT 10`;
const ENABLE_STATEMENTS = 'Top statements need the performance schema: set performance_schema = ON in the server configuration ([mysqld] in my.cnf) and restart it.';

export async function openMysqlMonitor(target: TargetOf<'mysql'>): Promise<Monitor> {
  const { connection } = await negotiate(target);
  connection.on('error', () => {});
  try {
    const [rows] = await connection.promise().query({ sql: 'SELECT CONNECTION_ID() AS id', rowsAsArray: false });
    return new MysqlMonitor(connection, Number((rows as Row[])[0]!.id));
  } catch (error) {
    connection.destroy();
    throw error;
  }
}

/** information_schema.TABLES opens every table of the schema: its size is read at most this often. */
const SIZE_EVERY_MS = 30_000;

class MysqlMonitor implements Monitor {
  readonly selfPid: number;
  readonly #connection: mysql.Connection;
  #size: { atMs: number; row: Row } | null = null;
  readonly #topStatements = every(30_000, () => this.#readTopStatements());

  constructor(connection: mysql.Connection, selfPid: number) {
    this.#connection = connection;
    this.selfPid = selfPid;
  }

  async #rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    const [rows] = await this.#connection.promise().query({ sql, rowsAsArray: false }, params);
    return rows as Row[];
  }

  async #readTopStatements(): Promise<TopStatements> {
    const [enabled] = await this.#rows('SELECT @@performance_schema AS on_');
    if (Number(enabled?.on_) !== 1) return { statements: [], note: ENABLE_STATEMENTS };
    const rows = await this.#rows(TOP_STATEMENTS);
    return { statements: rows.map((r) => ({ text: String(r.text), calls: num(r.calls) ?? 0, totalMs: num(r.total_ms) ?? 0, meanMs: num(r.mean_ms) ?? 0, rows: num(r.rows) })), note: null };
  }

  async read(): Promise<Reading> {
    const processes = await this.#rows(PROCESSES);
    const waits = processes.some((p) => p.trx_state === 'LOCK WAIT') ? await this.#rows(LOCK_WAITS) : [];
    const status = new Map((await this.#rows(STATUS)).map((r) => [String(r.Variable_name), num(r.Value)]));
    const now = Date.now();
    if (!this.#size || now - this.#size.atMs >= SIZE_EVERY_MS) this.#size = { atMs: now, row: (await this.#rows(SIZE))[0] ?? {} };
    const size = this.#size.row;
    const sessions: SessionRow[] = processes.map((p) => {
      const running = p.command !== 'Sleep';
      const ms = num(p.time_ms);
      const waiting = p.trx_state === 'LOCK WAIT';
      const state = !running ? (p.trx_state ? 'idle in transaction' : 'idle') : p.command === 'Query' ? 'active' : String(p.command).toLowerCase();
      return {
        pid: Number(p.id),
        queryKey: p.query_id === null || p.query_id === undefined ? null : String(p.query_id),
        startedAt: running && ms !== null ? new Date(now - ms).toISOString() : null,
        user: (p.user as string) ?? null,
        application: null,
        client: (p.host as string) || null,
        database: (p.db as string) ?? null,
        state,
        stateSeconds: ms === null ? null : ms / 1000,
        waitEvent: waiting ? 'InnoDB row lock' : (p.state as string) || null,
        durationSeconds: running && ms !== null ? ms / 1000 : null,
        text: (p.info as string) ?? null,
        blockedBy: waits.filter((w) => Number(w.waiter) === Number(p.id)).map((w) => Number(w.blocker)),
      };
    });
    const get = (name: string) => status.get(name) ?? null;
    const sum = (...names: string[]) => (names.every((n) => get(n) !== null) ? names.reduce((a, n) => a + get(n)!, 0) : null);
    const requests = get('Innodb_buffer_pool_read_requests');
    const misses = get('Innodb_buffer_pool_reads');
    return {
      sessions,
      databaseBytes: num(size.size) ?? 0,
      connections: { current: get('Threads_connected') ?? sessions.length, max: num(size.max_connections) },
      counters: {
        transactions: sum('Com_commit', 'Com_rollback'),
        rowsRead: get('Innodb_rows_read'),
        rowsWritten: sum('Innodb_rows_inserted', 'Innodb_rows_updated', 'Innodb_rows_deleted'),
        cacheHits: requests !== null && misses !== null ? requests - misses : null,
        cacheMisses: misses,
      },
      tempFiles: get('Created_tmp_disk_tables'),
      deadlocks: get('Innodb_deadlocks'),
      details: {},
      topStatements: await this.#topStatements(),
    };
  }

  async act(action: 'cancel' | 'terminate', pid: number, queryKey: string): Promise<boolean> {
    if (!/^\d+$/.test(queryKey)) return false;
    const current = await this.#rows('SELECT 1 FROM information_schema.PROCESSLIST WHERE ID = ? AND QUERY_ID = ?', [pid, queryKey]);
    if (current.length === 0) return false;
    // KILL QUERY ID stops exactly that statement, never a later one; ending the session
    // has no such form, so it follows the check above immediately.
    await this.#rows(action === 'cancel' ? 'KILL QUERY ID ?' : 'KILL CONNECTION ?', [action === 'cancel' ? Number(queryKey) : pid]);
    return true;
  }

  async close(): Promise<void> {
    await this.#connection.promise().end().catch(() => this.#connection.destroy());
  }
}
