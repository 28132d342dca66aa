// Cold start of the production server: from spawn to the first 200 from GET /status, to
// the app's first page rendered in Chromium (as a launcher does it: /status 200, then the
// token link, until the app's navigation shows), and idle memory once ready. Printed next
// to the same measurements of a bare Node.js HTTP server (the floor any Node server pays;
// its page is one line of HTML), run on this machine in the same session.
//   npm run bench            (needs `npm run build` first)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { SERVER_NODE_FLAGS } from '../server/runtime-flags.ts';
import { BUILT_SERVER } from '../server/testing/server-process.ts';
import { record } from './results.ts';

const RUNS = Number(process.env.RUNS ?? 9);
const BARE_SERVER = `require('node:http').createServer((q, s) => q.url === '/status' ? s.end('{}') : s.end('<!doctype html><nav aria-label="Main">DB Toolkit</nav>')).listen(Number(process.env.BACKEND_PORT), '127.0.0.1')`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Spawn → /status 200, or (with a browser) → the page at the token link showing the app's navigation. */
/** CPU time (user + system, all threads) a process has used: steadier than wall time on a loaded machine. */
function cpuTimeMs(pid: number): number {
  // Fields after the command name (which is in parentheses); utime and stime are the 12th and 13th, in clock ticks (100 Hz).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function measure(args: string[], existingHome?: string, browser?: Browser): Promise<{ ms: number; cpuMs: number; rssMb: number }> {
  const port = await freePort();
  const home = existingHome ?? mkdtempSync(join(tmpdir(), 'dbt-bench-'));
  const token = randomBytes(32).toString('base64url');
  // A fresh context: no cookie or cache from the previous run.
  const context = await browser?.newContext();
  const page = await context?.newPage();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    stdio: 'ignore',
    env: { ...process.env, BACKEND_PORT: String(port), DB_TOOLKIT_HOME: home, DB_TOOLKIT_TOKEN: token },
  });
  let ms = 0;
  let cpuMs = 0;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.status === 200) {
        ms = performance.now() - started;
        cpuMs = cpuTimeMs(child.pid!);
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  if (page) {
    await page.goto(`http://127.0.0.1:${port}/?token=${token}`, { waitUntil: 'commit' });
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    ms = performance.now() - started;
    await context!.close();
  }
  await new Promise((r) => setTimeout(r, 1000)); // settle, then read idle memory
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  if (!existingHome) rmSync(home, { recursive: true, force: true });
  return { ms, cpuMs, rssMb };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function series(name: string, args: string[], home?: string, browser?: Browser) {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(await measure(args, home, browser));
  return { name, ms: median(results.map((r) => r.ms)), min: Math.min(...results.map((r) => r.ms)), cpuMs: median(results.map((r) => r.cpuMs)), rssMb: median(results.map((r) => r.rssMb)) };
}

// A user's home exists after the first start; the first one also creates the sample database.
const home = mkdtempSync(join(tmpdir(), 'dbt-bench-home-'));
await measure([...SERVER_NODE_FLAGS, BUILT_SERVER], home);
const rows = [
  await series('DB Toolkit server, usual start', [...SERVER_NODE_FLAGS, BUILT_SERVER], home),
  await series('DB Toolkit server, first start (new home)', [...SERVER_NODE_FLAGS, BUILT_SERVER]),
  await series('reference: bare node:http server', ['-e', BARE_SERVER]),
];
// Launched once, before the clock starts: a launcher's window exists before its server does.
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const pageRows = [
  await series('DB Toolkit server, usual start', [...SERVER_NODE_FLAGS, BUILT_SERVER], home, browser),
  await series('reference: bare node:http server', ['-e', BARE_SERVER], undefined, browser),
];
await browser.close();
rmSync(home, { recursive: true, force: true });
const print = (r: Awaited<ReturnType<typeof series>>) => console.log(`${r.name.padEnd(42)} ${`${r.ms.toFixed(0)} ms`.padStart(9)} ${`${r.min.toFixed(0)} ms`.padStart(9)} ${`${r.cpuMs.toFixed(0)} ms`.padStart(9)} ${`${r.rssMb.toFixed(0)} MB`.padStart(10)}`);
// CPU: what the server process used up to its first /status 200 (all threads), median.
const header = `${'server'.padEnd(42)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'CPU'.padStart(9)} ${'idle RSS'.padStart(10)}`;
console.log(`\nCold start to first GET /status 200 — median of ${RUNS} runs, Node ${process.versions.node}\n\n${header}`);
rows.forEach(print);
console.log(`\nCold start to the first page rendered in Chromium (/status 200, then the token link) — median of ${RUNS} runs\n\n${header}`);
pageRows.forEach(print);
const [usual, first, bareHttp] = [rows[0]!, rows[1]!, rows[2]!];
const [usualPage, barePage] = [pageRows[0]!, pageRows[1]!];
record('startup', [
  { what: 'server start → first /status 200', value: usual.ms, unit: 'ms', reference: { what: 'bare node:http', value: bareHttp.ms }, goal: { on: 'value', max: 500 } },
  { what: 'server CPU time to first /status 200', value: usual.cpuMs, unit: 'ms', reference: { what: 'bare node:http', value: bareHttp.cpuMs } },
  { what: 'server first start (new home) → /status 200', value: first.ms, unit: 'ms', reference: { what: 'bare node:http', value: bareHttp.ms } },
  { what: 'server start → first page rendered in Chromium', value: usualPage.ms, unit: 'ms', reference: { what: 'bare node:http page', value: barePage.ms }, goal: { on: 'value', max: 1000 } },
  { what: 'server idle RSS', value: usual.rssMb, unit: 'MB', reference: { what: 'bare node:http', value: bareHttp.rssMb }, goal: { on: 'value', max: 100 } },
]);
