// "Open CLI": the command that starts a connection's own command-line client in a terminal
// — each engine builds its own (db/<engine>/cli.ts). Credentials go into the child's
// environment (PGPASSWORD…), never onto its command line, where any local user could read
// them (`ps`, /proc/<pid>/cmdline); a process's environment is readable by its owner only.
import { mariadbCommand } from '../db/mysql/cli.ts';
import { psqlCommand } from '../db/postgres/cli.ts';
import { sqlite3Command } from '../db/sqlite/cli.ts';
import type { ConnectTarget, TargetOf } from '../db/driver.ts';
import type { Engine } from '../protocol/index.ts';

export interface CliCommand {
  command: string;
  args: string[];
  /** The child's whole environment. */
  env: Record<string, string>;
  /** e.g. "psql — Sample". */
  title: string;
  /** Removes what the command needed on disk (the CA file); run once the CLI has exited. */
  cleanup: () => void;
}

export interface CliCommandOptions {
  /** The environment the CLI inherits (default: the server's). */
  env?: Record<string, string | undefined>;
  /** Where Debian-style installs keep each PostgreSQL version's binaries. */
  postgresLibDir?: string;
}

/** Builds one engine's CLI command, or throws CliNotInstalledError / NotFoundError. */
export type CliBuilder<E extends Engine> = (
  target: TargetOf<E>,
  connectionName: string,
  options: CliCommandOptions & { env: Record<string, string | undefined> },
) => CliCommand;

const BUILDERS: { [E in Engine]: CliBuilder<E> } = {
  postgres: psqlCommand,
  mysql: mariadbCommand,
  sqlite: sqlite3Command,
};

export function cliCommand(target: ConnectTarget, connectionName: string, options: CliCommandOptions = {}): CliCommand {
  const build = BUILDERS[target.engine] as CliBuilder<Engine>;
  return build(target, connectionName, { ...options, env: options.env ?? process.env });
}
