// "Open CLI" for MySQL / MariaDB: the real mariadb client connects through a private option
// file; the password is in neither its command line nor its environment (read from
// /proc/<pid>) and the file is gone after cleanup.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { cliCommand } from '../../terminal/cli-command.ts';
import { CliNotInstalledError } from '../../terminal/errors.ts';
import { startMariadb, type TestMariadb } from '../../testing/mariadb.ts';
import type { ConnectTarget } from '../driver.ts';

let server: TestMariadb;
const PASSWORD = 'pa ss"wo\\rd-$(rm -rf ~)';

before(async () => {
  server = await startMariadb();
  server.rootSql(`CREATE USER 'quoted'@'127.0.0.1' IDENTIFIED BY '${PASSWORD.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'; GRANT ALL ON *.* TO 'quoted'@'127.0.0.1';`);
});
after(() => server?.stop());

const target = (): Extract<ConnectTarget, { engine: 'mysql' }> => ({
  engine: 'mysql', host: server.host, port: server.port, user: 'quoted', password: PASSWORD, database: server.database, ssl: { mode: 'disable' }, connectTimeoutSeconds: 5,
});

test('mariadb connects from a 0600 option file; no password in its argv or environment; cleanup removes the file', async () => {
  const cli = cliCommand(target(), 'Shop', { env: { PATH: process.env.PATH, HOME: '/tmp', MYSQL_PWD: 'inherited', DB_TOOLKIT_TOKEN: 'launch-token' } });
  assert.match(cli.command, /\/(mariadb|mysql)$/);
  assert.equal(cli.title, 'mariadb — Shop');
  assert.equal(cli.args.length, 1);
  const optionFile = cli.args[0]!.replace('--defaults-extra-file=', '');
  assert.equal(statSync(optionFile).mode & 0o777, 0o600);
  assert.equal(statSync(dirname(optionFile)).mode & 0o777, 0o700);
  assert.equal(cli.env.MYSQL_PWD, undefined);
  assert.equal(cli.env.DB_TOOLKIT_TOKEN, undefined);

  const child = spawn(cli.command, cli.args, { env: cli.env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  child.stdin.write('SELECT CURRENT_USER(), DATABASE();\n');
  await new Promise((resolve) => setTimeout(resolve, 300)); // running, waiting for more input
  const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
  const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8');
  assert.ok(!cmdline.includes(PASSWORD) && !cmdline.includes('pa ss'), cmdline);
  assert.ok(!environ.includes(PASSWORD));
  child.stdin.end();
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, output);
  assert.match(output, new RegExp(`quoted@127\\.0\\.0\\.1\\t${server.database}`));
  cli.cleanup();
  assert.ok(!existsSync(dirname(optionFile)));
});

test('a CA certificate and SSL mode go into the option file', () => {
  const cli = cliCommand({ ...target(), ssl: { mode: 'verify-full', ca: 'PEM' } }, 'Shop');
  const options = readFileSync(cli.args[0]!.replace('--defaults-extra-file=', ''), 'utf8');
  assert.match(options, /^ssl$/m);
  assert.match(options, /^ssl-verify-server-cert$/m);
  const ca = /^ssl-ca="(.+)"$/m.exec(options)![1]!;
  assert.equal(readFileSync(ca, 'utf8'), 'PEM');
  assert.equal(join(dirname(ca), 'client.cnf'), cli.args[0]!.replace('--defaults-extra-file=', ''));
  cli.cleanup();
});

test('no client installed: says how to install it', () => {
  assert.throws(
    () => cliCommand(target(), 'Shop', { env: { PATH: '/nonexistent' } }),
    (error: unknown) => error instanceof CliNotInstalledError && /apt-get install mariadb-client/.test(error.message),
  );
});
