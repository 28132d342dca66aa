// "Open CLI" for SQLite: sqlite3 on the connection's file (read-only if the connection is).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotFoundError } from '../../errors.ts';
import type { CliBuilder } from '../../terminal/cli-command.ts';
import { findOnPath, terminalEnvironment } from '../../terminal/environment.ts';
import { CliNotInstalledError } from '../../terminal/errors.ts';

export const sqlite3Command: CliBuilder<'sqlite'> = (target, name, options) => {
  const command = findOnPath('sqlite3', options.env);
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
  return { command, args, env: terminalEnvironment(options.env), title: `sqlite3 — ${name}`, cleanup: () => {} };
};
