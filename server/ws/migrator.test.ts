// /ws/migrator through the real built server: a migration created in one window, its run's
// steps streamed as log lines to another window, status pushed as `changed`; a rollback;
// a file saved over the socket; bad messages and impossible requests get typed errors.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { startServer, tempHome, type ServerProcess } from '../testing/server-process.ts';
import { connect, type Received, type TestSocket } from '../testing/ws-client.ts';

const auth = (server: ServerProcess) => ({ headers: { Authorization: `Bearer ${server.token}` } });

async function open(server: ServerProcess): Promise<TestSocket> {
  const socket = await connect(server.port, '/ws/migrator', auth(server));
  await socket.next((m) => m.type === 'jobs');
  return socket;
}

const ended = (jobId: string) => (m: Received) => m.type === 'job' && (m.job as { id: string }).id === jobId && !['running', 'queued'].includes((m.job as { state: string }).state);

describe('/ws/migrator', () => {
  const home = tempHome();
  let server: ServerProcess;
  let connectionId: string;
  before(async () => {
    server = await startServer({ home });
    const file = join(home, 'app.db');
    new Database(file).close();
    const response = await server.fetch('/api/connections', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'App', settings: { engine: 'sqlite', file, readOnly: false } }) });
    connectionId = ((await response.json()) as { id: string }).id;
  });
  after(async () => {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  });

  test('new, migrate with its steps live in another window, status, rollback', async () => {
    const [a, b] = [await open(server), await open(server)];
    a.sendJson({ type: 'new', id: 'n1', connectionId, name: 'create items', up: 'CREATE TABLE items (id INTEGER PRIMARY KEY);\nINSERT INTO items VALUES (1), (2), (3);\n', down: 'DROP TABLE items;\n' });
    const created = await a.reply('n1');
    assert.equal(created.type, 'created');
    assert.match(created.upFile as string, /^\d{14}_create_items\.up\.sql$/);
    await b.next((m) => m.type === 'changed' && m.connectionId === connectionId);
    assert.match(readFileSync(join(home, 'migrations', connectionId, created.upFile as string), 'utf8'), /INSERT INTO items/);

    a.sendJson({ type: 'status', id: 's1', connectionId });
    const status = (await a.reply('s1')).status as { migrations: { state: string }[]; rehearses: boolean; historyTable: boolean };
    assert.deepEqual(status.migrations.map((m) => m.state), ['pending']);
    assert.equal(status.rehearses, true);
    assert.equal(status.historyTable, false);

    a.sendJson({ type: 'migrate', id: 'm1', connectionId });
    const jobId = ((await a.reply('m1')).job as { id: string }).id;
    const step = await b.next((m) => m.type === 'job_log' && m.jobId === jobId && (m.lines as { text: string }[]).some((l) => /\[2\/2\] INSERT INTO items .* 3 rows affected/.test(l.text)), 30_000);
    assert.ok(step);
    const done = (await b.next(ended(jobId), 30_000)).job as { state: string; result: { summary: string } };
    assert.equal(done.state, 'succeeded');
    assert.equal(done.result.summary, `Applied 1 migration: ${created.version}`);
    a.sendJson({ type: 'history', id: 'h1', connectionId });
    const history = (await a.reply('h1')).history as { version: string; name: string }[];
    assert.deepEqual(history.map((h) => [h.version, h.name]), [[created.version, 'create_items']]);

    a.sendJson({ type: 'rollback', id: 'r1', connectionId });
    const rollbackId = ((await a.reply('r1')).job as { id: string }).id;
    assert.equal(((await a.next(ended(rollbackId), 30_000)).job as { state: string }).state, 'succeeded');
    a.sendJson({ type: 'status', id: 's2', connectionId });
    assert.deepEqual(((await a.reply('s2')).status as { migrations: { state: string }[] }).migrations.map((m) => m.state), ['pending']);

    a.sendJson({ type: 'save_file', id: 'f1', connectionId, file: created.upFile, text: 'CREATE TABLE items (id INTEGER);\n' });
    assert.equal((await a.reply('f1')).type, 'saved');
    a.sendJson({ type: 'read_file', id: 'f2', connectionId, file: created.upFile });
    assert.equal((await a.reply('f2')).text, 'CREATE TABLE items (id INTEGER);\n');
    a.close();
    b.close();
  });

  test('bad requests get typed errors and the socket stays open', async () => {
    const socket = await open(server);
    socket.sendJson({ type: 'migrate', id: 'x1', connectionId, toVersion: 'abc' });
    assert.equal((await socket.reply('x1')).code, 'bad_message');
    socket.sendJson({ type: 'read_file', id: 'x2', connectionId, file: '../../connections.json' });
    assert.equal((await socket.reply('x2')).code, 'bad_message');
    socket.sendJson({ type: 'status', id: 'x3', connectionId: 'nope' });
    assert.equal((await socket.reply('x3')).code, 'not_found');
    socket.sendJson({ type: 'rollback', id: 'x4', connectionId, steps: 1 });
    // Nothing applied: the rollback is a job with nothing to do, never an error.
    assert.equal((await socket.reply('x4')).type, 'job');
    socket.sendJson({ type: 'migrate', id: 'x5', connectionId, toVersion: '999' });
    assert.equal((await socket.reply('x5')).code, 'bad_message');
    socket.sendJson({ type: 'set_folder', id: 'x6', connectionId, folder: 'relative/dir' });
    assert.equal((await socket.reply('x6')).code, 'bad_message');
    socket.sendJson({ type: 'ping', id: 'p' });
    assert.equal((await socket.reply('p')).type, 'pong');
    socket.close();
  });
});
