// "Open CLI" commands: which program, which arguments, which environment — and the
// password only ever in the environment.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import type { ConnectTarget } from '../db/driver.ts';
import { cliCommand } from './cli-command.ts';
import { CliNotInstalledError } from './errors.ts';

const scratch = mkdtempSync(join(tmpdir(), 'dbt-cli-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const PASSWORD = 'pa ss"word-$(rm -rf ~)';
const postgres = (ssl: { mode: 'disable' | 'prefer' | 'verify-full'; ca?: string } = { mode: 'prefer' }): ConnectTarget => ({
  engine: 'postgres', host: 'db.example', port: 6543, database: 'shop', user: 'alice', password: PASSWORD, ssl, connectTimeoutSeconds: 7,
});
const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

function fakeExecutable(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

test('psql gets the connection through PG* variables; the password is in no argument', () => {
  const env = { PATH: process.env.PATH, HOME: '/home/alice', PGSERVICE: 'elsewhere', PGPASSWORD: 'inherited', DB_TOOLKIT_TOKEN: 'launch-token-secret' };
  const cli = cliCommand(postgres(), 'Shop', { env });
  assert.match(cli.command, /\/psql$/);
  assert.deepEqual(cli.args, []);
  assert.equal(cli.title, 'psql — Shop');
  assert.deepEqual(
    { PGHOST: cli.env.PGHOST, PGPORT: cli.env.PGPORT, PGUSER: cli.env.PGUSER, PGDATABASE: cli.env.PGDATABASE, PGPASSWORD: cli.env.PGPASSWORD,
      PGSSLMODE: cli.env.PGSSLMODE, PGCONNECT_TIMEOUT: cli.env.PGCONNECT_TIMEOUT, PGAPPNAME: cli.env.PGAPPNAME },
    { PGHOST: 'db.example', PGPORT: '6543', PGUSER: 'alice', PGDATABASE: 'shop', PGPASSWORD: PASSWORD, PGSSLMODE: 'prefer', PGCONNECT_TIMEOUT: '7', PGAPPNAME: 'db-toolkit' },
  );
  assert.equal(cli.env.PGSERVICE, undefined, 'an inherited PGSERVICE could send psql elsewhere');
  assert.equal(cli.env.PGSSLROOTCERT, undefined);
  assert.equal(cli.env.DB_TOOLKIT_TOKEN, undefined);
  assert.equal(cli.env.HOME, '/home/alice');
  assert.equal(cli.env.TERM, 'xterm-256color');
  assert.ok(![cli.command, ...cli.args, cli.title].some((part) => part.includes(PASSWORD)));
});

test('without a saved password, no PGPASSWORD at all (psql asks in the terminal)', () => {
  const { password: _password, ...target } = postgres() as Extract<ConnectTarget, { engine: 'postgres' }>;
  const cli = cliCommand(target, 'Shop', { env: { PATH: process.env.PATH, PGPASSWORD: 'inherited' } });
  assert.equal(cli.env.PGPASSWORD, undefined);
});

test('a CA certificate goes to a private temporary file (0600) that cleanup removes', () => {
  const cli = cliCommand(postgres({ mode: 'verify-full', ca: CA_PEM }), 'Shop');
  const caFile = cli.env.PGSSLROOTCERT!;
  assert.equal(cli.env.PGSSLMODE, 'verify-full');
  assert.equal(readFileSync(caFile, 'utf8'), CA_PEM);
  assert.equal(statSync(caFile).mode & 0o777, 0o600);
  assert.equal(statSync(dirname(caFile)).mode & 0o777, 0o700);
  cli.cleanup();
  assert.ok(!existsSync(caFile));
  assert.ok(!existsSync(dirname(caFile)));
});

test('psql not on PATH: the newest /usr/lib/postgresql/<version>/bin/psql is used', () => {
  const lib = join(scratch, 'lib-postgresql');
  fakeExecutable(join(lib, '9', 'bin', 'psql'));
  const newest = fakeExecutable(join(lib, '16', 'bin', 'psql'));
  mkdirSync(join(lib, '17', 'bin'), { recursive: true }); // a version without a client
  const cli = cliCommand(postgres(), 'Shop', { env: { PATH: join(scratch, 'empty-bin') }, postgresLibDir: lib });
  assert.equal(cli.command, newest);
});

test('psql not installed at all: a clear error saying how to install it', () => {
  const attempt = () => cliCommand(postgres(), 'Shop', { env: { PATH: join(scratch, 'empty-bin') }, postgresLibDir: join(scratch, 'none') });
  assert.throws(attempt, (error: unknown) => {
    assert.ok(error instanceof CliNotInstalledError);
    assert.equal(error.code, 'cli_not_installed');
    assert.match(error.message, /psql .* is not installed.*apt-get install postgresql-client/);
    assert.ok(!error.message.includes(PASSWORD));
    return true;
  });
});

test('sqlite3 opens the file, with -readonly for a read-only connection', () => {
  const file = join(scratch, 'shop.db');
  writeFileSync(file, '');
  const writable = cliCommand({ engine: 'sqlite', file, readOnly: false }, 'Local');
  assert.match(writable.command, /\/sqlite3$/);
  assert.deepEqual(writable.args, [file]);
  assert.equal(writable.title, 'sqlite3 — Local');
  assert.deepEqual(cliCommand({ engine: 'sqlite', file, readOnly: true }, 'Local').args, ['-readonly', file]);
});

test('sqlite3: a missing database file is refused rather than silently created', () => {
  assert.throws(() => cliCommand({ engine: 'sqlite', file: join(scratch, 'missing.db'), readOnly: false }, 'Local'), /does not exist/);
});

test('sqlite3 not installed: a clear error', () => {
  const file = join(scratch, 'shop.db');
  assert.throws(() => cliCommand({ engine: 'sqlite', file, readOnly: false }, 'Local', { env: { PATH: join(scratch, 'empty-bin') } }), /sqlite3 .* is not installed/);
});
