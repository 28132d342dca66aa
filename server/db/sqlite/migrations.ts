// SQLite's part of migrations (migrations/engine.ts): transactional DDL, and
// `BEGIN IMMEDIATE` as the lock — it takes the database's write lock, so a second runner
// gets SQLITE_BUSY until the first one's migration commits.
import { HISTORY_TABLE, type EngineMigrations } from '../../migrations/engine.ts';
import { DatabaseError } from '../errors.ts';

export const sqliteMigrations: EngineMigrations = {
  historyDdl: `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  dirty INTEGER NOT NULL DEFAULT 0,
  statements_done INTEGER NOT NULL DEFAULT 0,
  direction TEXT NOT NULL DEFAULT 'up'
)`,
  historyExists: `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '${HISTORY_TABLE}'`,
  appliedAtText: 'applied_at',
  timestamp: (at) => `'${at.toISOString()}'`,
  begin: 'BEGIN IMMEDIATE',
  lock: null,
  isBusy: (error) => error instanceof DatabaseError && (/^SQLITE_(BUSY|LOCKED)/.test(error.sqlState ?? '') || /database is locked/i.test(error.message)),
  outsideTransaction: () => null,
};
