// MySQL / MariaDB's part of migrations (migrations/engine.ts): DDL commits at once, so a
// migration runs statement by statement with its progress recorded, under a GET_LOCK
// named after the database.
import { HISTORY_TABLE, scalar, type EngineMigrations } from '../../migrations/engine.ts';

// MySQL caps a lock's name at 64 characters; two long database names sharing a prefix only share the lock.
const LOCK = `LEFT(CONCAT('${HISTORY_TABLE}:', DATABASE()), 64)`;

export const mysqlMigrations: EngineMigrations = {
  historyDdl: `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
  version BIGINT NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  checksum CHAR(64) NOT NULL,
  applied_at DATETIME(3) NOT NULL,
  duration_ms BIGINT NOT NULL DEFAULT 0,
  dirty SMALLINT NOT NULL DEFAULT 0,
  statements_done INT NOT NULL DEFAULT 0,
  direction VARCHAR(4) NOT NULL DEFAULT 'up'
) ENGINE=InnoDB`,
  historyExists: `SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${HISTORY_TABLE}'`,
  appliedAtText: `DATE_FORMAT(applied_at, '%Y-%m-%dT%H:%i:%s.%fZ')`,
  // DATETIME has no time zone: applied_at is UTC.
  timestamp: (at) => `'${at.toISOString().replace('T', ' ').replace('Z', '')}'`,
  begin: 'START TRANSACTION',
  lock: {
    describe: 'MySQL GET_LOCK',
    async tryTake(session) {
      return (await scalar(session, `SELECT GET_LOCK(${LOCK}, 0)`)) === '1';
    },
    async release(session) {
      await scalar(session, `SELECT RELEASE_LOCK(${LOCK})`);
    },
  },
  isBusy: () => false,
  outsideTransaction: () => 'MySQL / MariaDB commits each DDL statement at once (an implicit commit), so a migration cannot be rolled back as a whole',
};
