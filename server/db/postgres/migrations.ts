// PostgreSQL's part of migrations (migrations/engine.ts): transactional DDL, an advisory
// lock per database for the run, and the few statements that refuse a transaction.
import { HISTORY_TABLE, scalar, statementHead, type EngineMigrations } from '../../migrations/engine.ts';

/** The advisory lock key of migrations: "dbtmigr" as a number, the same for every runner (per database). */
const LOCK = '28255749862418290';

const NO_TRANSACTION: [RegExp, string][] = [
  [/^(CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX\b.*)\s+CONCURRENTLY\b/is, 'CONCURRENTLY cannot run inside a transaction block'],
  [/^REINDEX\s+(\([^)]*\)\s*)?(SYSTEM|DATABASE)\b/i, 'REINDEX DATABASE / SYSTEM cannot run inside a transaction block'],
  [/^VACUUM\b/i, 'VACUUM cannot run inside a transaction block'],
  [/^(CREATE|DROP)\s+(DATABASE|TABLESPACE)\b/i, 'CREATE / DROP DATABASE and TABLESPACE cannot run inside a transaction block'],
  [/^ALTER\s+SYSTEM\b/i, 'ALTER SYSTEM cannot run inside a transaction block'],
];

export const postgresMigrations: EngineMigrations = {
  historyDdl: `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
  version bigint PRIMARY KEY,
  name text NOT NULL,
  checksum char(64) NOT NULL,
  applied_at timestamptz NOT NULL,
  duration_ms bigint NOT NULL DEFAULT 0,
  dirty smallint NOT NULL DEFAULT 0,
  statements_done integer NOT NULL DEFAULT 0,
  direction varchar(4) NOT NULL DEFAULT 'up'
)`,
  historyExists: `SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = '${HISTORY_TABLE}'`,
  appliedAtText: `to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  timestamp: (at) => `'${at.toISOString()}'::timestamptz`,
  begin: 'BEGIN',
  lock: {
    describe: 'PostgreSQL advisory lock',
    async tryTake(session) {
      return (await scalar(session, `SELECT pg_try_advisory_lock(${LOCK})`)) === 't';
    },
    async release(session) {
      await scalar(session, `SELECT pg_advisory_unlock(${LOCK})`);
    },
  },
  isBusy: () => false,
  outsideTransaction(statement) {
    const head = statementHead(statement);
    return NO_TRANSACTION.find(([pattern]) => pattern.test(head))?.[1] ?? null;
  },
};
