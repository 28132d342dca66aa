// The server as the desktop app ships and runs it:
//   size      what electron-builder copies to resources/server (dist/server without source
//             maps), next to a standalone Node.js runtime — which the app does not ship,
//             because Electron's own Node runs the server;
//   memory    idle RSS (and its private part) of the server started by the supervisor with
//             its V8 flags, next to the same server with default flags and a bare node:http
//             server, all measured in this run; then after every page was loaded a few times;
//   restart   from kill -9 to the replacement answering /status 200, next to the cold
//             start of a bare node:http server.
//   npm run bench            (needs `npm run build` first; Linux, as it reads /proc)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { nodeLauncher } from '../desktop/sidecar-process.ts';
import { ServerSupervisor, type ServerReady } from '../desktop/supervisor.ts';
import { SERVER_NODE_FLAGS } from '../server/runtime-flags.ts';
import { BUILT_SERVER } from '../server/testing/server-process.ts';
import { record } from './results.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const KILLS = Number(process.env.KILLS ?? 10);
const serverDir = dirname(BUILT_SERVER);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sizeOf(dir: string, keep: (file: string) => boolean = () => true): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (!keep(path)) continue;
    bytes += statSync(path).size;
    files++;
  }
  return { bytes, files };
}

/** VmRSS and its anonymous (private, not file-backed) part, in bytes. */
function memory(pid: number): { rss: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), anon: kb('RssAnon') };
}

async function supervised(execArgv: string[], maxRestarts?: number) {
  const home = mkdtempSync(join(tmpdir(), 'dbt-bench-desktop-'));
  const restart = maxRestarts === undefined ? {} : { maxRestarts };
  const supervisor = new ServerSupervisor({ entry: BUILT_SERVER, cwd: serverDir, home, launcher: nodeLauncher(), execArgv, restart });
  const ready = await supervisor.start();
  return {
    supervisor,
    ready,
    done: async () => {
      await supervisor.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

async function idleMemory(execArgv: string[]): Promise<{ rss: number; anon: number; browsedRss: number }> {
  const { supervisor, ready, done } = await supervised(execArgv);
  try {
    await sleep(2000);
    const idle = memory(ready.pid);
    const handOff = await fetch(`${ready.origin}/?token=${supervisor.token}`, { redirect: 'manual' });
    const cookie = handOff.headers.get('set-cookie')!.split(';')[0]!;
    for (let i = 0; i < 5; i++) {
      for (const path of ['/connections', '/sql', '/backups', '/migrations', '/analytics', '/terminal', '/logs']) {
        await (await fetch(ready.origin + path, { headers: { cookie } })).text();
      }
    }
    await sleep(2000);
    return { ...idle, browsedRss: memory(ready.pid).rss };
  } finally {
    await done();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function bareServer(): Promise<{ rss: number; anon: number; startMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('{}')).listen(${port}, '127.0.0.1')`], { stdio: 'ignore' });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
    } catch {
      await sleep(2);
    }
  }
  const startMs = performance.now() - started;
  await sleep(2000);
  const result = { ...memory(child.pid!), startMs };
  child.kill();
  await once(child, 'exit');
  return result;
}

async function restartTimes(): Promise<number[]> {
  // More kills in a row than the default crash-loop limit allows (5 a minute): raise it here.
  const { supervisor, ready, done } = await supervised(SERVER_NODE_FLAGS, KILLS);
  const times: number[] = [];
  let current: ServerReady = ready;
  try {
    for (let i = 0; i < KILLS; i++) {
      const next = once(supervisor, 'ready') as Promise<[ServerReady]>;
      process.kill(current.pid, 'SIGKILL');
      [current] = await next;
      times.push(current.downtimeMs!);
    }
  } finally {
    await done();
  }
  return times;
}

const shipped = sizeOf(serverDir, (f) => !/\.(map|d\.ts)$/.test(f));
const parts = ['.next', 'node_modules/next', 'node_modules/react-dom', 'node_modules/better-sqlite3', 'node_modules/node-pty', 'public'].map((part) => ({
  part,
  bytes: sizeOf(join(serverDir, part), (f) => !/\.(map|d\.ts)$/.test(f)).bytes,
}));
const nodeRuntime = statSync(process.execPath).size;

const flagged = [];
const plain = [];
const bare = [];
for (let i = 0; i < RUNS; i++) {
  flagged.push(await idleMemory(SERVER_NODE_FLAGS));
  plain.push(await idleMemory([]));
  bare.push(await bareServer());
}
const downtimes = await restartTimes();

console.log(`\nDesktop server — Node ${process.versions.node}, median of ${RUNS} runs\n`);
console.log('Shipped as resources/server (dist/server without source maps):');
console.log(`  ${'total'.padEnd(44)}${mb(shipped.bytes).padStart(9)}  (${shipped.files} files; goal ≤ 60 MB)`);
for (const p of parts) console.log(`    ${p.part.padEnd(42)}${mb(p.bytes).padStart(9)}`);
console.log(`  ${'reference: a Node.js runtime (not shipped)'.padEnd(44)}${mb(nodeRuntime).padStart(9)}`);

console.log(`\n${'Idle memory, 2 s after ready:'.padEnd(52)}${'RSS'.padStart(9)}${'private'.padStart(10)}${'after browsing'.padStart(16)}`);
const row = (name: string, rows: { rss: number; anon: number; browsedRss?: number }[]) => {
  const browsed = rows[0]?.browsedRss === undefined ? '' : mb(median(rows.map((r) => r.browsedRss!))).padStart(16);
  console.log(`  ${name.padEnd(50)}${mb(median(rows.map((r) => r.rss))).padStart(9)}${mb(median(rows.map((r) => r.anon))).padStart(10)}${browsed}`);
};
row(`server, supervisor flags (${SERVER_NODE_FLAGS.join(' ')})`, flagged);
row('server, default V8 flags', plain);
row('reference: bare node:http server', bare);
console.log('  (goal ≤ 80 MB RSS; "private" excludes the Node binary\'s own code pages, shared with other Node processes)');

console.log(`\nRestart after kill -9, death → GET /status 200, ${KILLS} kills:`);
console.log(`  median ${median(downtimes).toFixed(0)} ms, min ${Math.min(...downtimes).toFixed(0)} ms, max ${Math.max(...downtimes).toFixed(0)} ms (goal ≤ 1000 ms)`);
console.log(`  reference: cold start of a bare node:http server, median ${median(bare.map((b) => b.startMs)).toFixed(0)} ms`);
record('desktop-server', [
  { what: 'shipped server size', value: shipped.bytes / 1024 / 1024, unit: 'MB', reference: { what: 'a Node.js runtime', value: nodeRuntime / 1024 / 1024 }, goal: { on: 'value', max: 60 } },
  { what: 'idle RSS, supervisor flags', value: median(flagged.map((r) => r.rss)) / 1024 / 1024, unit: 'MB', reference: { what: 'bare node:http', value: median(bare.map((r) => r.rss)) / 1024 / 1024 }, goal: { on: 'value', max: 80 } },
  { what: 'kill -9 → /status 200 again', value: median(downtimes), unit: 'ms', reference: { what: 'bare node:http cold start', value: median(bare.map((b) => b.startMs)) }, goal: { on: 'value', max: 1000 } },
]);
