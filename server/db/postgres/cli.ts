// "Open CLI" for PostgreSQL: psql, connected through PG* variables, so the password never
// appears on a command line.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CliBuilder } from '../../terminal/cli-command.ts';
import { findOnPath, isExecutableFile, terminalEnvironment } from '../../terminal/environment.ts';
import { CliNotInstalledError } from '../../terminal/errors.ts';
import { libpqEnvironment } from './libpq-env.ts';

export const psqlCommand: CliBuilder<'postgres'> = (target, name, options) => {
  const env = options.env;
  const command = findOnPath('psql', env) ?? findInPostgresLib('psql', options.postgresLibDir ?? '/usr/lib/postgresql');
  if (!command) {
    throw new CliNotInstalledError(
      'psql (the PostgreSQL command-line client) is not installed. Install it — Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq — and open the CLI again.',
    );
  }
  const childEnv = terminalEnvironment(env);
  // Nothing inherited may redirect psql (PGSERVICE, PGHOST…): it connects where the saved connection says.
  for (const variable of Object.keys(childEnv)) if (variable.startsWith('PG')) delete childEnv[variable];
  const libpq = libpqEnvironment(target);
  Object.assign(childEnv, libpq.env);
  return { command, args: [], env: childEnv, title: `psql — ${name}`, cleanup: libpq.cleanup };
};

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
