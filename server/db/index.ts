// The one place that maps an engine to its driver. Everything else asks the dialect for
// capabilities instead of naming engines.
import type { Engine } from '../protocol/index.ts';
import type { ConnectTarget, Driver, DriverFactory } from './driver.ts';
import { mysqlFactory } from './mysql.ts';
import { postgresFactory } from './postgres.ts';
import { sqliteFactory } from './sqlite.ts';

const FACTORIES: Record<Engine, DriverFactory> = {
  sqlite: sqliteFactory,
  postgres: postgresFactory,
  mysql: mysqlFactory,
};

export function driverFactory(engine: Engine): DriverFactory {
  return FACTORIES[engine];
}

/** Connects to the target's database, or throws ConnectError with a message for the user. */
export function connect(target: ConnectTarget): Promise<Driver> {
  return driverFactory(target.engine).connect(target);
}
