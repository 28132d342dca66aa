// No secret leaves the server: with the launch token, the password key, a database password
// and an unrelated credential in play, every kind of child the server starts (login shell,
// psql, sqlite3, SQLite and PostgreSQL query sessions, a job's process and its grandchild)
// is read through /proc — environment and command line — and every API response and the
// whole log are searched. Only psql holds the database password, in its environment.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { routes } from '../protocol/index.ts';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { descendantProcesses } from '../testing/processes.ts';
import { startServer, type ServerProcess } from '../testing/server-process.ts';
import { connect, type TestSocket } from '../testing/ws-client.ts';
import { call, callJson, errorOf, figures, querySocket, run, until } from './fault-kit.ts';

if (process.platform !== 'linux') throw new Error('This test reads /proc: run it on Linux.');

const secretKey = randomBytes(32).toString('base64');
const otherCredential = `canary-${randomBytes(12).toString('hex')}`;
let postgres: TestPostgres;
let server: ServerProcess;
const sockets: TestSocket[] = [];

before(async () => {
  postgres = await startPostgres();
  server = await startServer({ env: { SHELL: '/bin/sh', DB_TOOLKIT_SECRET_KEY: secretKey, DB_TOOLKIT_TEST_JOBS: '1', DB_TOOLKIT_LOG_LEVEL: 'trace', AWS_SECRET_ACCESS_KEY: otherCredential } });
});
after(async () => {
  for (const socket of sockets) socket.close();
  await server?.stop();
  await postgres?.stop();
});

async function open(path: string): Promise<TestSocket> {
  const socket = await connect(server.port, path, { headers: { Authorization: `Bearer ${server.token}` } });
  sockets.push(socket);
  return socket;
}

test('no secret in any child\'s environment or command line, in any API response, or in the log', async () => {
  const secrets = { token: server.token, secretKey, dbPassword: postgres.password, otherCredential };
  const responses: string[] = [];
  const record = async (res: Response) => {
    const text = await res.text();
    responses.push(text);
    return text;
  };

  // Everything that starts a child, or handles a password.
  const pgSettings = { engine: 'postgres', host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 5 };
  const pgId = JSON.parse(await record(await call(server, 'POST', '/api/connections', { name: 'PG', password: postgres.password, settings: pgSettings }))).id as string;
  await record(await call(server, 'POST', '/api/connections/test', { id: pgId, settings: pgSettings }));
  await record(await call(server, 'POST', '/api/connections/test', { password: 'wrong-password-' + postgres.password, settings: pgSettings }));
  await record(await call(server, 'POST', '/api/connections/parse-url', { url: `postgres://${postgres.user}:${postgres.password}@127.0.0.1:${postgres.port}/postgres` }));
  await record(await call(server, 'PUT', `/api/connections/${pgId}`, { name: 'PG', password: postgres.password, settings: pgSettings }));
  await record(await call(server, 'POST', `/api/connections/${pgId}/connect`));
  const sampleId = (await callJson(server, 'GET', '/api/connections')).connections.find((c: { name: string }) => c.name === 'Sample database').id as string;

  for (const cli of [undefined, { connectionId: pgId }, { connectionId: sampleId }]) {
    const terminal = await open('/ws/terminal');
    terminal.sendJson({ type: 'open', id: 'o', cols: 80, rows: 24, ...(cli ? { cli } : {}) });
    assert.equal((await terminal.reply('o', 10_000)).type, 'opened');
  }
  const query = await querySocket(server);
  sockets.push(query);
  for (const id of [sampleId, pgId]) assert.equal(errorOf(await run(query, id, `tab-${id}`, 'SELECT 1')), undefined);
  const jobs = await open('/ws/test-jobs');
  jobs.sendJson({ type: 'start_test_job', id: 'j', steps: 200, stepMs: 100 });
  await jobs.reply('j', 10_000);

  const children = await until(() => {
    const found = descendantProcesses(server.child.pid!);
    const has = (test: (argv: string) => boolean) => found.some((c) => test(c.argv.join(' ')));
    const all = has((a) => /^\/bin\/sh -l/.test(a)) && has((a) => /psql/.test(a)) && has((a) => /sqlite3/.test(a)) && has((a) => a.includes('sqlite.worker'));
    return all && found.length >= 6 ? found : undefined;
  }, 'the shell, psql, sqlite3, the session process and the job\'s processes', 15_000);

  let childrenChecked = 0;
  for (const child of children) {
    const where = `${child.argv.join(' ').slice(0, 80)} (pid ${child.pid})`;
    for (const [name, secret] of Object.entries(secrets)) {
      assert.ok(!child.argv.join(' ').includes(secret), `${where}: ${name} on its command line`);
      if (name === 'dbPassword' && child.command === 'psql') continue;
      assert.ok(!child.rawEnviron.includes(secret), `${where}: ${name} in its environment`);
    }
    childrenChecked++;
  }
  const psql = children.find((c) => c.command === 'psql')!;
  assert.equal(psql.env.get('PGPASSWORD'), postgres.password, 'psql gets the password, in its environment only');

  // Every GET route of the table, with real ids.
  for (const route of Object.values(routes).filter((r) => r.method === 'GET')) {
    const path = route.path.replace(':id', pgId).replace(':schema', 'public').replace(':name', 'x');
    await record(await server.fetch(`${path}${path.endsWith('/search') ? '?q=a' : ''}`));
  }
  await record(await fetch(`${server.baseUrl}/status`));
  for (const response of responses) {
    for (const [name, secret] of Object.entries(secrets)) {
      if (name === 'dbPassword' && response.includes('"password"')) continue; // parse-url hands the URL's own password back to its sender
      assert.ok(!response.includes(secret), `${name} in a response: ${response.slice(0, 200)}`);
    }
  }

  await new Promise((resolve) => setTimeout(resolve, 300)); // the log file is written asynchronously
  const logDir = join(server.home, 'logs');
  const logText = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8')).join('\n') + server.stdoutLines.join('\n') + server.stderr;
  for (const [name, secret] of Object.entries(secrets)) assert.ok(!logText.includes(secret), `${name} in the log`);
  figures('secrets', { childrenChecked, responsesChecked: responses.length, logBytesChecked: logText.length, secretsFound: 0 });
});
