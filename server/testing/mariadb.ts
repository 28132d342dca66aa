// Test fixture: a real, throwaway MariaDB server — mariadb-install-db into a temp directory,
// mariadbd on a free loopback port and a private socket, removed afterwards. Clients log in
// over TCP as a user with a password and real grants (not root over the socket), so tests
// see what a user sees. As root, the server runs as an unprivileged user (mysql, else nobody).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface TestMariadb {
  host: string;
  port: number;
  /** A user with a password and all privileges (not root). */
  user: string;
  password: string;
  /** A database created for the tests, owned by `user`. */
  database: string;
  /** mysql://user:password@127.0.0.1:port/database */
  url: string;
  /** The server's private Unix socket (root, without a password, logs in through it). */
  socket: string;
  /** The command-line client (mariadb, else mysql). */
  client: string;
  /** With `tls`: the server's self-signed certificate (PEM, for localhost), to use as the CA. */
  certificate?: string;
  /** Runs SQL as root through the socket with the CLI, returns stdout. */
  rootSql(sql: string): string;
  stop(): Promise<void>;
}

export class MariadbUnavailableError extends Error {}

const SEARCH = ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin', '/opt/homebrew/bin', ...(process.env.PATH ?? '').split(':')];

function find(...names: string[]): string | undefined {
  for (const name of names) for (const dir of SEARCH) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/** The server, its installer and the client, or MariadbUnavailableError saying how to install them. */
export function findMariadbBinaries(): { server: string; installDb: string; client: string } {
  const server = find('mariadbd', 'mysqld');
  const installDb = find('mariadb-install-db', 'mysql_install_db');
  const client = find('mariadb', 'mysql');
  if (!server || !installDb || !client) {
    throw new MariadbUnavailableError(
      'MariaDB (mariadbd, mariadb-install-db, mariadb) not found. Install it — Debian/Ubuntu: apt-get install mariadb-server mariadb-client; macOS: brew install mariadb.',
    );
  }
  return { server, installDb, client };
}

export async function startMariadb(options: { database?: string; tls?: boolean } = {}): Promise<TestMariadb> {
  const { server, installDb, client } = findMariadbBinaries();
  const owner = process.getuid?.() === 0 ? unprivilegedUser() : undefined;
  const base = mkdtempSync(join(scratchRoot(), 'dbt-maria-'));
  const dataDir = join(base, 'data');
  const socket = join(base, 'sock');
  if (owner) chownSync(base, owner.uid, owner.gid);
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid, cwd: base } : { cwd: base };
  const userArg = owner ? [`--user=${owner.name}`] : [];
  // Its own temp directory: internal temporary tables live there, and a shared /tmp is
  // swept by other tests and programs while a query is using them.
  const tempDir = join(base, 'tmp');
  mkdirSync(tempDir);
  if (owner) chownSync(tempDir, owner.uid, owner.gid);

  const install = spawnSync(installDb, ['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...userArg], {
    ...asOwner,
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
  const tlsArgs: string[] = [];
  let certificate: string | undefined;
  if (options.tls) {
    const cert = join(base, 'cert.pem');
    const key = join(base, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost'], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    if (owner) for (const file of [cert, key]) chownSync(file, owner.uid, owner.gid);
    certificate = readFileSync(cert, 'utf8');
    tlsArgs.push(`--ssl-cert=${cert}`, `--ssl-key=${key}`);
  }

  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    child = spawn(
      server,
      ['--no-defaults', `--datadir=${dataDir}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', `--pid-file=${join(base, 'pid')}`,
        `--log-error=${join(base, 'error.log')}`, `--tmpdir=${tempDir}`, '--skip-name-resolve', '--innodb-flush-log-at-trx-commit=0', '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=16M', '--max-connections=200', '--character-set-server=utf8mb4', '--collation-server=utf8mb4_general_ci', ...tlsArgs, ...userArg],
      { ...asOwner, stdio: 'ignore' },
    );
    if (await waitReady(client, socket, child)) break;
    child.kill('SIGKILL');
    if (attempt === 3) throw new Error(`mariadbd did not start:\n${tail(join(base, 'error.log'))}`);
  }

  const rootSql = (sql: string): string => {
    // On stdin: a script can be longer than a command line may be.
    const result = spawnSync(client, ['--no-defaults', '-uroot', `--socket=${socket}`, '--default-character-set=utf8mb4', '-B', '-N'], { input: sql, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`mariadb: ${result.stderr ?? result.error}`);
    return result.stdout;
  };
  const user = 'dbt';
  const password = randomBytes(12).toString('base64url');
  const database = options.database ?? 'dbt_test';
  rootSql(
    `CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${password}'; CREATE USER '${user}'@'localhost' IDENTIFIED BY '${password}';` +
      `GRANT ALL PRIVILEGES ON *.* TO '${user}'@'127.0.0.1'; GRANT ALL PRIVILEGES ON *.* TO '${user}'@'localhost';` +
      `CREATE DATABASE \`${database}\`;`,
  );

  const stopNow = () => {
    child?.kill('SIGKILL');
    rmSync(base, { recursive: true, force: true });
  };
  // If the test process dies without calling stop(), do not leave a server running.
  process.once('exit', stopNow);

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    database,
    url: `mysql://${user}:${password}@127.0.0.1:${port}/${database}`,
    socket,
    client,
    ...(certificate ? { certificate } : {}),
    rootSql,
    async stop() {
      process.off('exit', stopNow);
      const exited = new Promise<void>((resolve) => (child!.exitCode !== null ? resolve() : child!.once('exit', () => resolve())));
      child!.kill('SIGTERM');
      const timer = setTimeout(() => child!.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Polls until the server answers on its socket (or exits). */
async function waitReady(client: string, socket: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const ping = spawnSync(client, ['--no-defaults', '-uroot', `--socket=${socket}`, '-e', 'SELECT 1'], { stdio: 'ignore' });
    if (ping.status === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/**
 * A RAM disk where there is a roomy one (MariaDB syncs every table definition it writes,
 * which makes creating 10,000 tables take minutes on a disk); else the temp directory.
 * Containers often give /dev/shm only 64 MB.
 */
function scratchRoot(): string {
  try {
    const { bavail, bsize } = statfsSync('/dev/shm');
    if (bavail * bsize >= 1024 ** 3) return '/dev/shm';
  } catch {
    // no /dev/shm
  }
  return tmpdir();
}

function unprivilegedUser(): { name: string; uid: number; gid: number } {
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  for (const name of ['mysql', 'nobody']) {
    const entry = passwd.find((f) => f[0] === name);
    if (entry) return { name, uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new MariadbUnavailableError('Running as root, but no unprivileged user (mysql or nobody) exists to run MariaDB as.');
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
