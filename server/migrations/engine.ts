// What each engine's home provides for migrations (db/<engine>/migrations.ts), collected
// in one Record<Engine, …> (engines.ts): the runner never tests an engine's name. Every
// piece is SQL run on one QuerySession, so the runner drives all engines the same way.
import type { QuerySession } from '../db/driver.ts';

/** The history table's name, in every engine. */
export const HISTORY_TABLE = 'db_toolkit_migrations';

export interface EngineMigrations {
  /** CREATE TABLE IF NOT EXISTS for the history table: version, name, checksum, applied_at, duration_ms, dirty, statements_done, direction. */
  historyDdl: string;
  /** One row, one cell: 1 when the history table exists in the connection's database / schema, else 0. */
  historyExists: string;
  /** The applied_at column as ISO-8601 text in UTC. */
  appliedAtText: string;
  /** A timestamp literal for the applied_at column. */
  timestamp(at: Date): string;
  /** Starts a migration's transaction. SQLite's `BEGIN IMMEDIATE` is also its lock (see `lock`). */
  begin: string;
  /**
   * The lock held for a whole run (PostgreSQL advisory lock, MySQL GET_LOCK), taken
   * without waiting: true when taken. Null when the engine's lock is the transaction
   * itself (SQLite: `BEGIN IMMEDIATE` fails with SQLITE_BUSY while another writer holds it).
   */
  lock: { tryTake(session: QuerySession): Promise<boolean>; release(session: QuerySession): Promise<void>; describe: string } | null;
  /** True for the error of a lock or a database busy with another writer, to wait and retry. */
  isBusy(error: unknown): boolean;
  /**
   * Why this statement cannot run inside a transaction (MySQL DDL commits at once;
   * PostgreSQL CREATE INDEX CONCURRENTLY refuses one), or null. One such statement makes
   * its whole migration run without a transaction, recorded statement by statement.
   */
  outsideTransaction(statement: string): string | null;
}

/** Runs one statement and returns its rows (cells as text) and affected rows. */
export async function runSql(session: QuerySession, sql: string): Promise<{ rows: (string | null)[][]; affectedRows: number | null; rowCount: number }> {
  const rows: (string | null)[][] = [];
  let affectedRows: number | null = null;
  let rowCount = 0;
  for await (const event of session.run(sql, { batchSize: 1000 })) {
    if (event.kind === 'rows') rows.push(...event.rows);
    else if (event.kind === 'done') {
      affectedRows = event.affectedRows;
      rowCount = event.rowCount;
    }
  }
  return { rows, affectedRows, rowCount };
}

/** The first cell of the first row of a statement's result. */
export async function scalar(session: QuerySession, sql: string): Promise<string | null> {
  return (await runSql(session, sql)).rows[0]?.[0] ?? null;
}

/** A string literal with the standard '' escape (the texts written are names, hex digests and dates: no backslashes). */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Leading comments and whitespace removed, to read what a statement is. */
export function statementHead(statement: string): string {
  return statement.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, '');
}
