// "Open CLI" for MySQL / MariaDB: the mariadb client (else mysql), reading the connection —
// password included — from a private option file (option-file.ts), so the password never
// appears on a command line nor in the environment.
import type { CliBuilder } from '../../terminal/cli-command.ts';
import { findOnPath, terminalEnvironment } from '../../terminal/environment.ts';
import { CliNotInstalledError } from '../../terminal/errors.ts';
import { REDIRECTING_VARIABLES, writeOptionFile } from './option-file.ts';

export const mariadbCommand: CliBuilder<'mysql'> = (target, name, options) => {
  const command = findOnPath('mariadb', options.env) ?? findOnPath('mysql', options.env);
  if (!command) {
    throw new CliNotInstalledError(
      'The mariadb (or mysql) command-line client is not installed. Install it — Debian/Ubuntu: apt-get install mariadb-client; macOS: brew install mariadb — and open the CLI again.',
    );
  }
  const env = terminalEnvironment(options.env);
  for (const variable of REDIRECTING_VARIABLES) delete env[variable];
  const optionFile = writeOptionFile(target);
  return {
    command,
    // --defaults-extra-file must come first.
    args: [optionFile.arg],
    env,
    title: `${command.endsWith('mysql') ? 'mysql' : 'mariadb'} — ${name}`,
    cleanup: optionFile.cleanup,
  };
};
