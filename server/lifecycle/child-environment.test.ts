// No child of the server holds a launch secret. The built server is started the way the
// desktop app starts it — launch token and password key in its environment — and then
// every kind of child it starts is read from the outside, through /proc/<pid>/environ and
// /proc/<pid>/cmdline: a terminal's login shell, psql and sqlite3 opened with "Open CLI",
// and the process of a SQLite query session. Each gets what it needs, and no secret.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { decodeRowBatch } from '../protocol/index.ts';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { descendantProcesses } from '../testing/processes.ts';
import { readJson, startServer, type ServerProcess } from '../testing/server-process.ts';
import { connect, type Received, type TestSocket } from '../testing/ws-client.ts';

if (process.platform !== 'linux') throw new Error('This test reads /proc: run it on Linux.');

const secretKey = randomBytes(32).toString('base64');
// Any other credential the user started the server with must not travel either.
const otherSecret = `canary-${randomBytes(12).toString('hex')}`;
let pg: TestPostgres;
let server: ServerProcess;
const sockets: TestSocket[] = [];

before(async () => {
  pg = await startPostgres();
  // /bin/sh: its login profile skips root's .bashrc, whose `pyenv init` takes a lock that a
  // shell killed at the end of the test would leave behind (later bash shells wait 60 s on it).
  server = await startServer({ env: { SHELL: '/bin/sh', DB_TOOLKIT_SECRET_KEY: secretKey, AWS_SECRET_ACCESS_KEY: otherSecret } });
});
after(async () => {
  for (const socket of sockets) socket.close();
  await server?.stop();
  await pg?.stop();
});

const auth = () => ({ headers: { Authorization: `Bearer ${server.token}` } });

async function openTerminal(cli?: { connectionId: string }): Promise<void> {
  const socket = await connect(server.port, '/ws/terminal', auth());
  sockets.push(socket);
  socket.sendJson({ type: 'open', id: 'o', cols: 80, rows: 24, ...(cli ? { cli } : {}) });
  const opened = await socket.reply('o', 10_000);
  assert.equal(opened.type, 'opened', JSON.stringify(opened));
}

/** Runs a statement on a SQLite connection and keeps its session (a process of its own) open. */
async function runQuery(connectionId: string): Promise<void> {
  const socket = await connect(server.port, '/ws/query', auth(), (frame) => decodeRowBatch(frame.toString('utf8')) as unknown as Received);
  sockets.push(socket);
  socket.sendJson({ type: 'run', id: 'q', connectionId, sessionId: 'tab-1', sql: 'SELECT 1', fetchRows: 10, confirmedDestructive: false });
  const done = await socket.next((m) => m.id === 'q' && (m.type === 'query_done' || m.type === 'error'), 20_000);
  assert.equal(done.type, 'query_done', JSON.stringify(done));
}

async function until<T>(find: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} not found below the server; its children: ${JSON.stringify(descendantProcesses(server.child.pid!).map((c) => c.argv))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('the shell, psql, sqlite3 and a SQLite session process get neither the launch token nor the password key', async () => {
  const post = (path: string, body: unknown) =>
    server.fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.baseUrl }, body: JSON.stringify(body) });
  const { connections } = await readJson(await server.fetch('/api/connections'));
  const sampleId: string = connections.find((c: { name: string }) => c.name === 'Sample database').id;
  const pgId: string = (await readJson(await post('/api/connections', {
    name: 'PG', password: pg.password,
    settings: { engine: 'postgres', host: pg.host, port: pg.port, database: pg.database, user: pg.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 5 },
  }))).id;

  await openTerminal();
  await openTerminal({ connectionId: pgId });
  await openTerminal({ connectionId: sampleId });
  await runQuery(sampleId);

  const children = () => descendantProcesses(server.child.pid!);
  const shell = await until(() => children().find((c) => c.command === 'sh'), 'the login shell');
  const psql = await until(() => children().find((c) => c.command === 'psql'), 'psql');
  const sqlite3 = await until(() => children().find((c) => c.command === 'sqlite3'), 'sqlite3');
  const session = await until(() => children().find((c) => c.argv.some((arg) => arg.includes('sqlite.worker'))), 'the SQLite session process');

  // The server itself holds both, so their absence below is not for want of them.
  const serverEnviron = readFileSync(`/proc/${server.child.pid}/environ`, 'utf8');
  assert.ok(serverEnviron.includes(`DB_TOOLKIT_TOKEN=${server.token}`) && serverEnviron.includes(`DB_TOOLKIT_SECRET_KEY=${secretKey}`) && serverEnviron.includes(otherSecret));

  for (const child of [shell, psql, sqlite3, session]) {
    const where = `${child.command} (pid ${child.pid})`;
    for (const secret of [server.token, secretKey, otherSecret]) {
      assert.ok(!child.rawEnviron.includes(secret), `${where} has a launch secret in its environment`);
      assert.ok(!child.argv.join(' ').includes(secret), `${where} has a launch secret on its command line`);
    }
    for (const name of ['DB_TOOLKIT_TOKEN', 'DB_TOOLKIT_SECRET_KEY', 'BACKEND_PORT', 'DB_TOOLKIT_HOME', 'AWS_SECRET_ACCESS_KEY']) assert.equal(child.env.get(name), undefined, `${where} inherits ${name}`);
  }
  // …and each has what it needs.
  assert.equal(shell.env.get('TERM'), 'xterm-256color');
  assert.equal(psql.env.get('PGPASSWORD'), pg.password, 'psql gets the connection\'s password, in its environment only');
  assert.ok(!psql.argv.join(' ').includes(pg.password));
  assert.equal(session.env.get('ELECTRON_RUN_AS_NODE'), '1', 'the session process is told to act as Node inside Electron');
  assert.equal(session.env.get('PATH'), process.env.PATH);
});

test('one allow-list decides: what programs need to run, plus what the caller adds', async () => {
  const { childEnvironment } = await import('./child-environment.ts');
  const env = childEnvironment(
    { PATH: '/usr/bin', HOME: '/home/u', LANG: 'C.UTF-8', LC_ALL: 'C', UNSET: undefined, DB_TOOLKIT_TOKEN: 't', DB_TOOLKIT_SECRET_KEY: 'k', GITHUB_TOKEN: 'g', PGPASSWORD: 'p', NODE_OPTIONS: '--inspect' },
    { TERM: 'xterm-256color' },
  );
  assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/home/u', LANG: 'C.UTF-8', LC_ALL: 'C', TERM: 'xterm-256color' });
});
