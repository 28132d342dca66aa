// "Open CLI": the command that starts a connection's own command-line client in a terminal
// — psql for PostgreSQL, sqlite3 for SQLite. Credentials go into the child's environment
// (PGPASSWORD…), never onto its command line, where any local user could read them
// (`ps`, /proc/<pid>/cmdline); a process's environment is readable by its owner only.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { ConnectTarget } from '../db/driver.ts';
import { NotFoundError } from '../errors.ts';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import { isExecutableFile, terminalEnvironment } from './environment.ts';
import { CliNotInstalledError } from './errors.ts';

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

export function cliCommand(target: ConnectTarget, connectionName: string, options: CliCommandOptions = {}): CliCommand {
  const env = options.env ?? process.env;
  switch (target.engine) {
    case 'postgres':
      return psqlCommand(target, connectionName, env, options.postgresLibDir ?? '/usr/lib/postgresql');
    case 'sqlite':
      return sqliteCommand(target, connectionName, env);
  }
}

type PostgresTarget = Extract<ConnectTarget, { engine: 'postgres' }>;
type SqliteTarget = Extract<ConnectTarget, { engine: 'sqlite' }>;

function psqlCommand(target: PostgresTarget, name: string, env: Record<string, string | undefined>, libDir: string): CliCommand {
  const command = findOnPath('psql', env) ?? findInPostgresLib('psql', libDir);
  if (!command) {
    throw new CliNotInstalledError(
      'psql (the PostgreSQL command-line client) is not installed. Install it — Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq — and open the CLI again.',
    );
  }
  const childEnv = terminalEnvironment(env);
  // Nothing inherited may redirect psql (PGSERVICE, PGHOST…): it connects where the saved connection says.
  for (const variable of Object.keys(childEnv)) if (variable.startsWith('PG')) delete childEnv[variable];
  Object.assign(childEnv, {
    PGHOST: target.host,
    PGPORT: String(target.port),
    PGUSER: target.user,
    PGDATABASE: target.database,
    PGSSLMODE: target.ssl.mode,
    PGCONNECT_TIMEOUT: String(target.connectTimeoutSeconds),
    PGAPPNAME: 'db-toolkit',
  });
  if (target.password !== undefined) childEnv.PGPASSWORD = target.password;

  let cleanup = () => {};
  if (target.ssl.ca) {
    // libpq reads the CA from a file only. A private directory, removed when psql exits.
    const dir = mkdtempSync(join(tmpdir(), 'dbt-psql-'));
    const caFile = join(dir, 'root.crt');
    writeFileAtomicSync(caFile, target.ssl.ca, { mode: 0o600 });
    childEnv.PGSSLROOTCERT = caFile;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  return { command, args: [], env: childEnv, title: `psql — ${name}`, cleanup };
}

function sqliteCommand(target: SqliteTarget, name: string, env: Record<string, string | undefined>): CliCommand {
  const command = findOnPath('sqlite3', env);
  if (!command) {
    throw new CliNotInstalledError(
      'sqlite3 (the SQLite command-line shell) is not installed. Install it — Debian/Ubuntu: apt-get install sqlite3; macOS ships it — and open the CLI again.',
    );
  }
  // Absolute, so a file name starting with "-" cannot be taken for an option.
  const file = resolve(target.file);
  // sqlite3 would silently create an empty database in place of a missing one.
  if (!existsSync(file)) throw new NotFoundError(`The database file ${file} does not exist.`);
  const args = target.readOnly ? ['-readonly', file] : [file];
  return { command, args, env: terminalEnvironment(env), title: `sqlite3 — ${name}`, cleanup: () => {} };
}

function findOnPath(name: string, env: Record<string, string | undefined>): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue; // a relative PATH entry would depend on the server's cwd
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** /usr/lib/postgresql/<newest version>/bin/<name>, where Debian puts server-side installs. */
function findInPostgresLib(name: string, libDir: string): string | undefined {
  let versions: string[];
  try {
    versions = readdirSync(libDir).filter((v) => /^\d+$/.test(v));
  } catch {
    return undefined;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(libDir, v, 'bin', name)).find(isExecutableFile);
}
