// Test fixture: a real, throwaway PostgreSQL server — initdb into a temp directory, started
// with pg_ctl on a free loopback port, removed afterwards. initdb refuses to run as root,
// so as root the server runs as an unprivileged user (postgres, else nobody).
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import type { ConnectTarget } from '../db/driver.ts';

export interface TestPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** postgres://user:password@127.0.0.1:port/postgres */
  url: string;
  /** Directory of the server binaries used (psql, pg_dump live there too). */
  binDir: string;
  /** How the app connects to `database` (default: the server's own) as the test user, without TLS. */
  target(database?: string): ConnectTarget;
  /** Stops the server (fast shutdown: sessions are cut off) and keeps its data. */
  halt(): Promise<void>;
  /** Starts it again after halt(), on the same port. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export class PostgresUnavailableError extends Error {}

/** PG_BIN, else the newest Debian-style /usr/lib/postgresql/<version>/bin, else pg_config, else PATH. */
export function findPostgresBinaries(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  for (const dir of (process.env.PATH ?? '').split(':')) candidates.push(dir);
  const found = candidates.find((dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) {
    throw new PostgresUnavailableError(
      'PostgreSQL server binaries (initdb, pg_ctl) not found. Install them (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql) or set PG_BIN.',
    );
  }
  return found;
}

/**
 * `maxConnections` (default 50): more for a benchmark that opens hundreds of sessions;
 * `preload`: shared_preload_libraries, e.g. ['pg_stat_statements'].
 */
export async function startPostgres(settings: { maxConnections?: number; preload?: string[] } = {}): Promise<TestPostgres> {
  const binDir = findPostgresBinaries();
  const owner = process.getuid?.() === 0 ? unprivilegedUser() : undefined;
  const base = mkdtempSync(join(tmpdir(), 'dbt-pg-'));
  const dataDir = join(base, 'data');
  const password = randomBytes(12).toString('base64url');
  writeFileSync(join(base, 'pwfile'), `${password}\n`);
  if (owner) {
    chownSync(base, owner.uid, owner.gid);
    chownSync(join(base, 'pwfile'), owner.uid, owner.gid);
  }
  const asOwner: SpawnOptions = owner ? { uid: owner.uid, gid: owner.gid, cwd: base } : { cwd: base };

  await run(join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', `--pwfile=${join(base, 'pwfile')}`, '--auth-local=trust',
    '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'], asOwner);

  let port = 0;
  let options = '';
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    options = [`-c listen_addresses=127.0.0.1`, `-c port=${port}`, `-c unix_socket_directories=${base}`,
      '-c fsync=off', '-c full_page_writes=off', '-c synchronous_commit=off', `-c max_connections=${settings.maxConnections ?? 50}`,
      ...(settings.preload?.length ? [`-c shared_preload_libraries=${settings.preload.join(',')}`] : [])].join(' ');
    try {
      await run(join(binDir, 'pg_ctl'), ['start', '-D', dataDir, '-w', '-t', '60', '-l', join(base, 'server.log'), '-o', options], asOwner);
      break;
    } catch (error) {
      if (attempt === 3) throw new Error(`${(error as Error).message}\n${tail(join(base, 'server.log'))}`);
    }
  }

  // If the test process dies without calling stop(), do not leave a server running.
  const stopNow = () => {
    spawnSync(join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate'], { ...asOwner, stdio: 'ignore' });
    rmSync(base, { recursive: true, force: true });
  };
  process.once('exit', stopNow);

  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    database: 'postgres',
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    binDir,
    target: (database = 'postgres') => ({
      engine: 'postgres', host: '127.0.0.1', port, user: 'postgres', password, database, ssl: { mode: 'disable' }, connectTimeoutSeconds: 10,
    }),
    async halt() {
      await run(join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w'], asOwner);
    },
    async resume() {
      await run(join(binDir, 'pg_ctl'), ['start', '-D', dataDir, '-w', '-t', '60', '-l', join(base, 'server.log'), '-o', options], asOwner);
    },
    async stop() {
      process.off('exit', stopNow);
      await run(join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w'], asOwner).catch(() => {});
      rmSync(base, { recursive: true, force: true });
    },
  };
}

function unprivilegedUser(): { uid: number; gid: number } {
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  for (const name of ['postgres', 'nobody']) {
    const entry = passwd.find((f) => f[0] === name);
    if (entry) return { uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new PostgresUnavailableError('Running as root, but no unprivileged user (postgres or nobody) exists to run PostgreSQL as.');
}

function run(command: string, args: string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args[0]} failed (exit ${code}):\n${output}`))));
  });
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
