// "Open CLI" through /ws/terminal, against a real PostgreSQL and a real SQLite file. The
// endpoint runs in-process here, with a connection resolver built from the fixtures'
// credentials (the built server resolves connections from its own store).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import type { ConnectTarget } from '../db/driver.ts';
import { NotFoundError } from '../errors.ts';
import { SecurityPolicy } from '../http/security-policy.ts';
import { SecretScrubber } from '../logging/secret-scrubber.ts';
import { terminalAvailability } from '../terminal/availability.ts';
import { TerminalSessions } from '../terminal/sessions.ts';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { waitUntilGone } from '../testing/processes.ts';
import { connect, type TestSocket } from '../testing/ws-client.ts';
import { createTerminalEndpoint } from './terminal.ts';
import { attachUpgradeHandler } from './upgrade.ts';

const TOKEN = 't'.repeat(43);
const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBnotused\n-----END CERTIFICATE-----\n';

let pg: TestPostgres;
let http: Server;
let port: number;
let scratch: string;
const log = pino({ level: 'silent' });
const secrets = new SecretScrubber();
const sessions = new TerminalSessions({ log });
const connections = new Map<string, { name: string; target: ConnectTarget }>();

before(async () => {
  pg = await startPostgres();
  scratch = mkdtempSync(join(tmpdir(), 'dbt-cli-'));
  const pgTarget = (overrides: Partial<Extract<ConnectTarget, { engine: 'postgres' }>> = {}): ConnectTarget => ({
    engine: 'postgres', host: pg.host, port: pg.port, database: pg.database, user: pg.user, password: pg.password,
    ssl: { mode: 'disable' }, connectTimeoutSeconds: 10, ...overrides,
  });
  connections.set('pg', { name: 'Test PG', target: pgTarget() });
  connections.set('pg-ca', { name: 'PG with CA', target: pgTarget({ ssl: { mode: 'prefer', ca: CA_PEM } }) });
  connections.set('pg-wrong', { name: 'Wrong password', target: pgTarget({ password: 'not-the-password' }) });

  const file = join(scratch, 'shop.db');
  const db = new Database(file);
  db.exec("create table fruit(name text); insert into fruit values ('quince');");
  db.close();
  connections.set('lite', { name: 'Shop', target: { engine: 'sqlite', file, readOnly: false } });
  connections.set('lite-ro', { name: 'Shop (read-only)', target: { engine: 'sqlite', file, readOnly: true } });

  http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  port = (http.address() as AddressInfo).port;
  const endpoint = createTerminalEndpoint(
    { log, version: 'test', startedAt: new Date().toISOString() },
    {
      sessions,
      secrets,
      availability: terminalAvailability(true, process.platform),
      resolveConnection: async (id) => {
        const found = connections.get(id);
        if (!found) throw new NotFoundError(`No connection ${id}.`);
        return found;
      },
    },
  );
  const policy = new SecurityPolicy({ token: TOKEN, port, bindHost: '127.0.0.1', extraAllowedHosts: [] });
  attachUpgradeHandler(http, { policy, endpoints: [endpoint], loopbackOnly: true, log, accepting: () => true });
});

after(async () => {
  await sessions.closeAll();
  http?.closeAllConnections();
  http?.close();
  await pg?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function openCli(connectionId: string): Promise<{ socket: TestSocket; title: string }> {
  const socket = await connect(port, '/ws/terminal', { headers: { Authorization: `Bearer ${TOKEN}` } });
  socket.sendJson({ type: 'open', id: 'cli', cols: 100, rows: 30, cli: { connectionId } });
  const opened = await socket.reply('cli', 10_000);
  assert.equal(opened.type, 'opened', JSON.stringify(opened));
  return { socket, title: String(opened.title) };
}

/** Types a line and waits for `pattern` in what follows (patterns never match the typed text). */
async function type(socket: TestSocket, line: string, pattern: RegExp): Promise<RegExpExecArray> {
  const from = socket.binaryText().length;
  socket.sendJson({ type: 'input', data: `${line}\r` });
  const text = await socket.nextBinary((t) => pattern.test(t.slice(from)), 10_000);
  return pattern.exec(text.slice(from))!;
}

/** NUL-separated /proc/<pid>/{cmdline,environ} as a list. */
const procList = (pid: number, file: 'cmdline' | 'environ') => readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0');

describe('psql', () => {
  test('connects with the saved credentials, which are in its environment and not on its command line', async () => {
    const { socket, title } = await openCli('pg');
    assert.equal(title, 'psql — Test PG');
    await type(socket, "select 'answer-' || (40 + 2);", /answer-42/);
    await type(socket, "select 'app-' || application_name from pg_stat_activity where pid = pg_backend_pid();", /app-db-toolkit/);

    // psql's own pid, as the parent of a shell it starts.
    const pid = Number((await type(socket, '\\! echo "psqlpid=$PPID"', /psqlpid=(\d+)/))[1]);
    const cmdline = procList(pid, 'cmdline');
    assert.match(cmdline[0]!, /psql$/);
    assert.ok(!cmdline.some((arg) => arg.includes(pg.password)), `password on the command line: ${cmdline.join(' ')}`);
    const environ = procList(pid, 'environ');
    assert.ok(environ.includes(`PGPASSWORD=${pg.password}`), 'PGPASSWORD missing from psql environment');
    assert.ok(environ.includes(`PGPORT=${pg.port}`));
    assert.ok(secrets.scrub(`x ${pg.password} x`).includes('[redacted]'), 'the password was not registered for log redaction');

    socket.sendJson({ type: 'input', data: '\\q\r' });
    assert.deepEqual(await socket.next((m) => m.type === 'exited', 10_000), { type: 'exited', exitCode: 0, signal: null });
    assert.ok(await waitUntilGone(pid, 3000));
    socket.close();
  });

  test('a CA certificate is in a private file while psql runs, removed when it exits', async () => {
    const { socket } = await openCli('pg-ca');
    const pid = Number((await type(socket, '\\! echo "psqlpid=$PPID"', /psqlpid=(\d+)/))[1]);
    const caFile = procList(pid, 'environ').find((v) => v.startsWith('PGSSLROOTCERT='))?.slice('PGSSLROOTCERT='.length);
    assert.ok(caFile, 'PGSSLROOTCERT not set');
    assert.equal(readFileSync(caFile, 'utf8'), CA_PEM);
    assert.equal(statSync(caFile).mode & 0o777, 0o600);
    socket.sendJson({ type: 'input', data: '\\q\r' });
    await socket.next((m) => m.type === 'exited', 10_000);
    assert.ok(!existsSync(caFile), 'CA file left behind');
    socket.close();
  });

  test('a wrong saved password: psql says so and exits; the tab gets the exit code', async () => {
    const { socket } = await openCli('pg-wrong');
    const exited = await socket.next((m) => m.type === 'exited', 10_000);
    assert.equal(exited.exitCode, 2);
    assert.match(socket.binaryText(), /password authentication failed/);
    assert.ok(!socket.binaryText().includes('not-the-password'));
    socket.close();
  });
});

describe('sqlite3', () => {
  test('opens the database file', async () => {
    const { socket, title } = await openCli('lite');
    assert.equal(title, 'sqlite3 — Shop');
    await type(socket, "select 'fruit-' || name from fruit;", /fruit-quince/);
    socket.sendJson({ type: 'input', data: '.quit\r' });
    assert.equal((await socket.next((m) => m.type === 'exited', 10_000)).exitCode, 0);
    socket.close();
  });

  test('a read-only connection cannot write', async () => {
    const { socket } = await openCli('lite-ro');
    await type(socket, "insert into fruit values ('fig');", /readonly database/);
    socket.close();
  });
});

test('an unknown connection is answered with an error, and nothing is started', async () => {
  const socket = await connect(port, '/ws/terminal', { headers: { Authorization: `Bearer ${TOKEN}` } });
  const before = sessions.size;
  socket.sendJson({ type: 'open', id: 'x', cols: 80, rows: 24, cli: { connectionId: 'nope' } });
  const reply = await socket.reply('x');
  assert.deepEqual(reply, { type: 'error', id: 'x', code: 'not_found', message: 'No connection nope.' });
  assert.equal(sessions.size, before);
  socket.close();
});
