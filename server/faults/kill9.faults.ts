// kill -9 at random points, 20 times, while tabs and connections are being saved: after each
// kill the files still parse and hold every write the server acknowledged (a tab may hold a
// later, unacknowledged version — never an older one), and the temporary files the kills
// left behind are swept at the next start.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startServer, type ServerProcess } from '../testing/server-process.ts';
import { call, figures } from './fault-kit.ts';

const ROUNDS = 20;
const TABS = ['t0', 't1', 't2'];
const home = mkdtempSync(join(tmpdir(), 'dbt-kill9-'));
after(() => rmSync(home, { recursive: true, force: true }));

/** Newest acknowledged version of each tab, and every acknowledged connection. */
const acknowledged = { tabs: new Map<string, number>(), connections: new Set<string>(), writes: 0 };
let version = 0;

const tempFiles = () => readdirSync(home, { recursive: true, encoding: 'utf8' }).filter((f) => /\.\d+\.[0-9a-f]{8}\.tmp$/.test(f));

/** A file as the next start will read it: absent (never written), or it must parse. */
function readJsonFile<T>(name: string, empty: T): T {
  const file = join(home, name);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : empty;
}

function onDisk() {
  const workspace = readJsonFile<{ tabs: { id: string; sql: string }[] }>('workspace.json', { tabs: [] });
  const connections = readJsonFile<{ connections: { name: string }[] }>('connections.json', { connections: [] });
  return {
    tabs: new Map(workspace.tabs.map((t) => [t.id, Number(/^-- v(\d+)/.exec(t.sql)![1])])),
    connections: new Set(connections.connections.map((c) => c.name)),
  };
}

function checkKept(): number {
  const disk = onDisk();
  let kept = 0;
  for (const [tab, newest] of acknowledged.tabs) {
    assert.ok((disk.tabs.get(tab) ?? -1) >= newest, `tab ${tab}: acknowledged v${newest}, on disk v${disk.tabs.get(tab)}`);
    kept++;
  }
  for (const name of acknowledged.connections) {
    assert.ok(disk.connections.has(name), `connection ${name} was acknowledged but is gone`);
    kept++;
  }
  return kept;
}

async function saveUntilKilled(server: ServerProcess, round: number): Promise<void> {
  let alive = true;
  const tabWriter = async (tab: string) => {
    while (alive) {
      const v = ++version;
      const sql = `-- v${v}\nSELECT ${v}; -- ${'x'.repeat(Math.floor(Math.random() * 200_000))}`;
      try {
        const res = await call(server, 'PUT', `/api/workspace/tabs/${tab}`, { title: tab, connectionId: null, sql });
        if (res.status !== 200) throw new Error(`tab save answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        acknowledged.writes++;
        if (v > (acknowledged.tabs.get(tab) ?? -1)) acknowledged.tabs.set(tab, v);
      } catch (error) {
        if (alive && !server.child.killed) throw error;
      }
    }
  };
  const connectionWriter = async () => {
    for (let n = 0; alive; n++) {
      const name = `c-${round}-${n}`;
      try {
        const res = await call(server, 'POST', '/api/connections', { name, settings: { engine: 'sqlite', file: '/tmp/none.db', readOnly: true } });
        if (res.status !== 201) throw new Error(`connection save answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        acknowledged.writes++;
        acknowledged.connections.add(name);
      } catch (error) {
        if (alive && !server.child.killed) throw error;
      }
    }
  };
  const writers = [...TABS.map(tabWriter), connectionWriter()];
  // Once saves are flowing (however slow the machine), kill at a random point among them.
  const flowing = acknowledged.writes + 3;
  const deadline = Date.now() + 10_000;
  while (acknowledged.writes < flowing && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 400));
  server.child.kill('SIGKILL');
  await server.exited;
  alive = false;
  await Promise.all(writers);
}

test(`kill -9 at random points × ${ROUNDS}: every file parses and holds every acknowledged write`, async () => {
  let leftByKills = 0;
  let leftBytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const server = await startServer({ home });
    try {
      assert.deepEqual(tempFiles(), [], `round ${round}: the start swept the temporary files`);
    } catch (error) {
      await server.stop();
      throw error;
    }
    await saveUntilKilled(server, round);
    const left = tempFiles();
    leftByKills += left.length;
    leftBytes += left.reduce((sum, f) => sum + statSync(join(home, f)).size, 0);
    checkKept();
  }
  const last = await startServer({ home });
  try {
    assert.deepEqual(tempFiles(), []);
    const kept = checkKept();
    const res = await call(last, 'GET', '/api/workspace');
    assert.equal(res.status, 200);
    figures('kill-9', {
      kills: ROUNDS,
      writesAcknowledged: acknowledged.writes,
      // every acknowledged write is on disk, or superseded there by a later write to the same tab
      acknowledgedLost: 0,
      newestStatesChecked: kept,
      tempFilesLeftByKills: leftByKills,
      tempBytesLeft: leftBytes,
      tempFilesAfterRestart: 0,
    });
  } finally {
    await last.stop();
  }
});
