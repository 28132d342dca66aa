// A full disk during every kind of save, through the built server with its home on a small
// tmpfs (root only; elsewhere the test says why it cannot run): each save is refused with
// 507 disk_full, the files on disk keep the last acknowledged state and still parse, no
// temporary file is left, the server keeps serving (the activity log keeps what it could not
// write and writes it later) — and once space is freed, saving works again and a restart
// brings back everything acknowledged.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readJson, startServer, type ServerProcess } from '../testing/server-process.ts';
import { call, callJson, errorOf, figures, querySocket, run } from './fault-kit.ts';

function mountTmpfs(path: string, size: string): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs root on Linux to mount a small tmpfs as the home';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mount -t tmpfs failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Writes a file until the disk is full, down to the last block. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 16, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 0x2e);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

const tempFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.\d+\.[0-9a-f]{8}\.tmp$/.test(f));

test('disk full during every kind of save: 507 disk_full, old data intact, nothing lost after a restart', async (t) => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'dbt-full-'));
  const skipped = mountTmpfs(mountPoint, '6m');
  if (skipped) {
    rmSync(mountPoint, { recursive: true, force: true });
    return t.skip(skipped);
  }
  const home = join(mountPoint, 'home');
  mkdirSync(home);
  let server: ServerProcess | undefined;
  try {
    server = await startServer({ home });
    const s = server;
    const sampleId = (await callJson(s, 'GET', '/api/connections')).connections[0].id as string;
    const settings = { engine: 'sqlite', file: join(home, 'samples', 'sample.db'), readOnly: true };
    const kept = await callJson(s, 'POST', '/api/connections', { name: 'Kept', settings }, 201);
    const tabs = ['a', 'b', 'c'].map((id) => ({ id, title: `Tab ${id}`, connectionId: sampleId, sql: `SELECT '${id}' -- ${id.repeat(100_000)}` }));
    for (const { id, ...body } of tabs) await callJson(s, 'PUT', `/api/workspace/tabs/${id}`, body);
    await callJson(s, 'PUT', '/api/workspace/layout', { order: ['c', 'b', 'a'], activeTabId: 'b' });
    const before = {
      workspace: readFileSync(join(home, 'workspace.json'), 'utf8'),
      connections: readFileSync(join(home, 'connections.json'), 'utf8'),
    };

    fillDisk(join(mountPoint, 'filler'));
    const saves: [string, () => Promise<Response>][] = [
      ['new tab', () => call(s, 'PUT', '/api/workspace/tabs/d', { title: 'Tab d', connectionId: null, sql: 'SELECT 4' })],
      ['edit a tab', () => call(s, 'PUT', '/api/workspace/tabs/a', { title: 'Tab a', connectionId: sampleId, sql: 'x'.repeat(300_000) })],
      ['close a tab', () => call(s, 'DELETE', '/api/workspace/tabs/b')],
      ['tab order', () => call(s, 'PUT', '/api/workspace/layout', { order: ['a', 'b', 'c'], activeTabId: 'a' })],
      ['new connection', () => call(s, 'POST', '/api/connections', { name: 'New', settings })],
      ['edit a connection', () => call(s, 'PUT', `/api/connections/${kept.id}`, { name: 'Renamed', settings })],
      ['delete a connection', () => call(s, 'DELETE', `/api/connections/${kept.id}`)],
      ['disconnect (remembered for the next start)', () => call(s, 'POST', `/api/connections/${sampleId}/disconnect`)],
    ];
    for (const [what, save] of saves) {
      const res = await save();
      const body = await readJson(res);
      assert.equal(res.status, 507, `${what}: ${JSON.stringify(body)}`);
      assert.equal(body.error.code, 'disk_full', what);
      assert.match(body.error.message, /disk is full.*previous version is intact/, what);
    }
    // A query still runs; only its history line could not be written.
    const socket = await querySocket(s);
    const ran = await run(socket, sampleId, 'tab-a', 'SELECT count(*) FROM customers');
    socket.close();
    assert.equal(errorOf(ran), undefined, JSON.stringify(ran));
    // The activity log could not write that statement: the server stays up, and the entry waits.
    await sleep(300);
    assert.equal((await call(s, 'GET', '/api/activity?q=customers')).status, 200);

    assert.equal(readFileSync(join(home, 'workspace.json'), 'utf8'), before.workspace, 'workspace.json untouched');
    assert.equal(readFileSync(join(home, 'connections.json'), 'utf8'), before.connections, 'connections.json untouched');
    assert.deepEqual(tempFiles(home), [], 'no temporary file left');
    const view = await callJson(s, 'GET', '/api/workspace');
    assert.deepEqual(view.tabs.map((tab: { id: string }) => tab.id), ['c', 'b', 'a'], 'the server still shows what is on disk');
    assert.equal((await callJson(s, 'GET', `/api/connections/${kept.id}`)).name, 'Kept');

    rmSync(join(mountPoint, 'filler'));
    const activity = await callJson(s, 'GET', '/api/activity?q=customers');
    assert.ok(activity.entries.some((e: { text: string }) => e.text === 'SELECT count(*) FROM customers'), 'the entry written once there was space again');
    await callJson(s, 'PUT', '/api/workspace/tabs/d', { title: 'Tab d', connectionId: null, sql: 'SELECT 4' });
    await s.stop();
    server = await startServer({ home });
    const after = await callJson(server, 'GET', '/api/workspace');
    assert.deepEqual(after.tabs.map((tab: { id: string }) => tab.id), ['c', 'b', 'a', 'd']);
    for (const tab of tabs) assert.equal(after.tabs.find((x: { id: string }) => x.id === tab.id).sql, tab.sql);
    assert.deepEqual((await callJson(server, 'GET', '/api/connections')).connections.map((c: { name: string }) => c.name).sort(), ['Kept', 'Sample database']);
    figures('disk-full', { savesOnFullDisk: saves.length, answered507: saves.length, acknowledgedBefore: 6, keptAfterRestart: 6 });
  } finally {
    await server?.stop();
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  }
});
