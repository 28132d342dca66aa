// The one place that maps an engine to its table statistics (db/<engine>/table-statistics.ts).
// Each request opens a short-lived connection of its own and closes it: the page is read
// on demand, not polled.
import { mysqlTableStatistics } from '../db/mysql/table-statistics.ts';
import { postgresTableStatistics } from '../db/postgres/table-statistics.ts';
import { sqliteTableStatistics } from '../db/sqlite/table-statistics.ts';
import type { ConnectTarget, TargetOf } from '../db/driver.ts';
import type { Engine, TableStatistics } from '../protocol/index.ts';

/** The largest tables listed; the page is for finding the big and the neglected, not a catalog. */
export const TABLE_STATISTICS_LIMIT = 1000;

const READERS: { [E in Engine]: (target: TargetOf<E>, limit: number) => Promise<TableStatistics> } = {
  postgres: postgresTableStatistics,
  mysql: mysqlTableStatistics,
  sqlite: sqliteTableStatistics,
};

export function readTableStatistics(target: ConnectTarget, limit = TABLE_STATISTICS_LIMIT): Promise<TableStatistics> {
  // TypeScript cannot relate the target's engine to the entry's parameter type.
  const read = READERS[target.engine] as (target: ConnectTarget, limit: number) => Promise<TableStatistics>;
  return read(target, limit);
}
