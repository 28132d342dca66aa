// The one place that maps an engine to its analytics monitor (db/<engine>/monitor.ts).
import { openMysqlMonitor } from '../db/mysql/monitor.ts';
import { openPostgresMonitor } from '../db/postgres/monitor.ts';
import { openSqliteMonitor } from '../db/sqlite/monitor.ts';
import type { ConnectTarget, TargetOf } from '../db/driver.ts';
import type { Engine } from '../protocol/index.ts';
import type { Monitor, MonitorOptions } from './monitor.ts';

const MONITORS: { [E in Engine]: (target: TargetOf<E>, options: MonitorOptions) => Promise<Monitor> } = {
  postgres: openPostgresMonitor,
  mysql: openMysqlMonitor,
  sqlite: openSqliteMonitor,
};

export function openMonitor(target: ConnectTarget, options: MonitorOptions): Promise<Monitor> {
  // TypeScript cannot relate the target's engine to the entry's parameter type.
  const open = MONITORS[target.engine] as (target: ConnectTarget, options: MonitorOptions) => Promise<Monitor>;
  return open(target, options);
}
