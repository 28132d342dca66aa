// A private MySQL / MariaDB option file for the command-line tools (mariadb, mariadb-dump):
// the connection — password included — in a file of mode 0600 inside a 0700 directory,
// named by --defaults-extra-file and removed when the tool is done. So the password never
// appears on a command line, nor in the environment (MYSQL_PWD is readable in
// /proc/<pid>/environ by the same user, and deprecated by MySQL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../fs/atomic-write.ts';
import type { MysqlTarget } from './config.ts';

export interface OptionFile {
  /** Pass first on the tool's command line: `--defaults-extra-file=<path>`. */
  arg: string;
  cleanup(): void;
}

/** Variables that would redirect a tool or hand it another password: never passed on. */
export const REDIRECTING_VARIABLES = ['MYSQL_PWD', 'MYSQL_HOST', 'MYSQL_TCP_PORT', 'MYSQL_UNIX_PORT', 'MYSQL_HOME', 'MARIADB_HOME'];

/** An option-file value: double-quoted, with backslashes and quotes escaped (the client unescapes them). */
const optionValue = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** Writes the option file; `withDatabase: false` leaves the database to the command line. */
export function writeOptionFile(target: MysqlTarget, options: { withDatabase?: boolean; prefix?: string } = {}): OptionFile {
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'dbt-mariadb-'));
  try {
    // [client] is read by every tool; settings only the interactive client knows go in [mysql].
    const lines = [
      '[client]',
      `host=${optionValue(target.host)}`,
      `port=${target.port}`,
      `user=${optionValue(target.user)}`,
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
    // The dump tool knows neither option: it takes the database as an argument.
    lines.push('[mysql]', `connect-timeout=${target.connectTimeoutSeconds}`);
    if (options.withDatabase !== false) lines.push(`database=${optionValue(target.database)}`);
    const file = join(dir, 'client.cnf');
    writeFileAtomicSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    return { arg: `--defaults-extra-file=${file}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
