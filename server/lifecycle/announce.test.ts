import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Announcement } from './announce.ts';

const home = () => mkdtempSync(join(tmpdir(), 'dbt-announce-'));
const sink = () => {
  const out: string[] = [];
  return { out, write: (t: string) => out.push(t) };
};
const record = (pid: number, port: number, startedAt: string) => ({ pid, port, host: '127.0.0.1', startedAt, version: '1' });

test('publish writes the stdout line, the port file and the instance file', () => {
  const dir = home();
  const stdout = sink();
  new Announcement(dir, record(process.pid, 8123, '2026-01-01T00:00:00Z')).publish(stdout);
  assert.deepEqual(stdout.out, ['BACKEND_PORT:8123\n']);
  assert.equal(readFileSync(join(dir, 'backend.port'), 'utf8'), '8123\n');
  assert.equal(JSON.parse(readFileSync(join(dir, 'instances', `${process.pid}.json`), 'utf8')).port, 8123);
});

test('publish also posts the port to the parent port when there is one (Electron utility process)', () => {
  const messages: unknown[] = [];
  new Announcement(home(), record(process.pid, 8124, '2026-01-01T00:00:00Z')).publish(sink(), { postMessage: (m) => messages.push(m) });
  assert.deepEqual(messages, [{ type: 'port', port: 8124 }]);
});

test('withdraw removes the port file when no other instance lives', () => {
  const dir = home();
  const a = new Announcement(dir, record(process.pid, 8123, '2026-01-01T00:00:00Z'));
  a.publish(sink());
  a.withdraw();
  a.withdraw(); // idempotent
  assert.equal(existsSync(join(dir, 'backend.port')), false);
  assert.equal(existsSync(join(dir, 'instances', `${process.pid}.json`)), false);
});

test('withdraw hands backend.port to the newest live instance', () => {
  const dir = home();
  mkdirSync(join(dir, 'instances'));
  // The parent of this test process is alive for sure; pretend it is an older instance.
  writeFileSync(join(dir, 'instances', `${process.ppid}.json`), JSON.stringify(record(process.ppid, 8001, '2025-01-01T00:00:00Z')));
  const a = new Announcement(dir, record(process.pid, 8002, '2026-01-01T00:00:00Z'));
  a.publish(sink());
  a.withdraw();
  assert.equal(readFileSync(join(dir, 'backend.port'), 'utf8'), '8001\n');
});

test('withdraw leaves backend.port alone when a newer instance owns it', () => {
  const dir = home();
  const a = new Announcement(dir, record(process.pid, 8002, '2026-01-01T00:00:00Z'));
  a.publish(sink());
  writeFileSync(join(dir, 'backend.port'), '8003\n');
  a.withdraw();
  assert.equal(readFileSync(join(dir, 'backend.port'), 'utf8'), '8003\n');
});

test('publish removes instance files of processes that no longer exist, and torn ones', () => {
  const dir = home();
  mkdirSync(join(dir, 'instances'));
  writeFileSync(join(dir, 'instances', '999999999.json'), JSON.stringify(record(999999999, 8009, '2025-01-01T00:00:00Z')));
  writeFileSync(join(dir, 'instances', '12.json'), '{torn');
  new Announcement(dir, record(process.pid, 8002, '2026-01-01T00:00:00Z')).publish(sink());
  assert.equal(existsSync(join(dir, 'instances', '999999999.json')), false);
  assert.equal(existsSync(join(dir, 'instances', '12.json')), false);
});
