// `npm run dev`: the custom server with Next's hot reload for app/, restarted when server/
// changes. The token and port stay fixed for the whole session, so an open browser tab
// reconnects to the restarted server instead of being locked out.
//
// We watch files ourselves rather than use `node --watch`: a restart must wait until the
// old server has exited (Next allows one dev server per project), and the chain
// npm → this launcher → server must not leave orphans — the server exits when this
// launcher dies, and this launcher exits when its own parent does.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { watch } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { watchParent } from '../server/lifecycle/parent-watch.ts';
import { SERVER_NODE_FLAGS } from '../server/runtime-flags.ts';

const root = join(import.meta.dirname, '..');

async function firstFreePort(from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  return 0;
}

const env = {
  ...process.env,
  BACKEND_PORT: process.env.BACKEND_PORT ?? String(await firstFreePort(8000, 8100)),
  DB_TOOLKIT_TOKEN: process.env.DB_TOOLKIT_TOKEN ?? randomBytes(32).toString('base64url'),
  DB_TOOLKIT_PRINT_URL: '1',
  NEXT_TELEMETRY_DISABLED: '1',
};

let server: ChildProcess | undefined;
let stopping = false;

function start(): void {
  server = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'server/index.ts', '--dev', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
  server.once('exit', (code, signal) => {
    server = undefined;
    if (stopping) process.exit(0);
    if (!restarting) console.log(`\n[dev] server exited (${signal ?? `code ${code}`}); waiting for a change in server/ to restart.`);
  });
}

let restarting = false;
let debounce: NodeJS.Timeout | undefined;
watch(join(root, 'server'), { recursive: true }, (_event, file) => {
  if (!file?.endsWith('.ts') || file.endsWith('.test.ts')) return;
  clearTimeout(debounce);
  debounce = setTimeout(() => void restart(file), 150);
});

async function restart(file: string): Promise<void> {
  console.log(`\n[dev] ${file} changed; restarting the server…`);
  restarting = true;
  const old = server;
  if (old) {
    const exited = new Promise((resolve) => old.once('exit', resolve));
    old.kill('SIGTERM');
    await exited;
  }
  restarting = false;
  start();
}

function stop(): void {
  stopping = true;
  if (!server) process.exit(0);
  server.kill('SIGTERM');
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
watchParent(stop);
start();
