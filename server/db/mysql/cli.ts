// "Open CLI" for MySQL / MariaDB: the mariadb client (else mysql), reading the connection —
// password included — from a private option file (mode 0600, in a 0700 directory, removed
// when the client exits) named by --defaults-extra-file. So the password never appears on
// a command line, nor in the environment (MYSQL_PWD is readable in /proc/<pid>/environ by
// the same user, and deprecated by MySQL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../fs/atomic-write.ts';
import type { CliBuilder } from '../../terminal/cli-command.ts';
import { findOnPath, terminalEnvironment } from '../../terminal/environment.ts';
import { CliNotInstalledError } from '../../terminal/errors.ts';

/** An option-file value: double-quoted, with backslashes and quotes escaped (the client unescapes them). */
const optionValue = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export const mariadbCommand: CliBuilder<'mysql'> = (target, name, options) => {
  const command = findOnPath('mariadb', options.env) ?? findOnPath('mysql', options.env);
  if (!command) {
    throw new CliNotInstalledError(
      'The mariadb (or mysql) command-line client is not installed. Install it — Debian/Ubuntu: apt-get install mariadb-client; macOS: brew install mariadb — and open the CLI again.',
    );
  }
  const env = terminalEnvironment(options.env);
  // Nothing inherited may redirect the client or hand it another password.
  for (const variable of ['MYSQL_PWD', 'MYSQL_HOST', 'MYSQL_TCP_PORT', 'MYSQL_UNIX_PORT', 'MYSQL_HOME', 'MARIADB_HOME']) delete env[variable];

  const dir = mkdtempSync(join(tmpdir(), 'dbt-mariadb-'));
  const lines = [
    '[client]',
    `host=${optionValue(target.host)}`,
    `port=${target.port}`,
    `user=${optionValue(target.user)}`,
    `database=${optionValue(target.database)}`,
    `connect-timeout=${target.connectTimeoutSeconds}`,
    'protocol=TCP',
    'default-character-set=utf8mb4',
  ];
  if (target.password !== undefined) lines.push(`password=${optionValue(target.password)}`);
  if (target.ssl.mode === 'disable') lines.push('skip-ssl');
  if (target.ssl.mode === 'require' || target.ssl.mode === 'verify-ca' || target.ssl.mode === 'verify-full') lines.push('ssl');
  if (target.ssl.mode === 'verify-full') lines.push('ssl-verify-server-cert');
  if (target.ssl.ca && (target.ssl.mode === 'verify-ca' || target.ssl.mode === 'verify-full')) {
    writeFileAtomicSync(join(dir, 'ca.pem'), target.ssl.ca, { mode: 0o600 });
    lines.push(`ssl-ca=${optionValue(join(dir, 'ca.pem'))}`);
  }
  const optionFile = join(dir, 'client.cnf');
  writeFileAtomicSync(optionFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  return {
    command,
    // --defaults-extra-file must come first.
    args: [`--defaults-extra-file=${optionFile}`],
    env,
    title: `${command.endsWith('mysql') ? 'mysql' : 'mariadb'} — ${name}`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
};
