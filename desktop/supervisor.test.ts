// The supervisor against the real built server (dist/server/server.mjs, `npm run build`),
// started with plain Node the way Electron's utility process starts it: readiness, crash
// recovery on the same port and token, hang detection, the restart limit, start
// failures, stop, and no orphan when the shell itself is killed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { processAlive, waitUntilGone } from '../server/testing/processes.ts';
import { BUILT_SERVER, tempHome } from '../server/testing/server-process.ts';
import type { SidecarError } from './errors.ts';
import { nodeLauncher, type Launcher } from './sidecar-process.ts';
import { ServerSupervisor, type ServerReady, type SupervisorOptions } from './supervisor.ts';

if (!existsSync(BUILT_SERVER)) throw new Error(`${BUILT_SERVER} is missing: run "npm run build" before the desktop tests.`);

const homes: string[] = [];
after(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** A supervisor over the built server in a fresh home, counting how many processes it spawns. */
function supervise(options: Partial<SupervisorOptions> = {}) {
  const home = tempHome();
  homes.push(home);
  const log: string[] = [];
  const spawned: number[] = [];
  const node = nodeLauncher();
  const launcher: Launcher = (spec) => {
    spawned.push(Date.now());
    return node(spec);
  };
  const supervisor = new ServerSupervisor({ entry: BUILT_SERVER, home, launcher, writeLog: (line) => log.push(line), ...options });
  return { supervisor, home, log, spawned };
}

const nextReady = (supervisor: ServerSupervisor) => once(supervisor, 'ready').then(([ready]) => ready as ServerReady);
const nextFailure = (supervisor: ServerSupervisor) => once(supervisor, 'failed').then(([error]) => error as SidecarError);

function occupy(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}
const portOf = (server: Server) => (server.address() as { port: number }).port;
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

async function apiInfo(ready: ServerReady, token: string): Promise<number> {
  return (await fetch(`${ready.origin}/api/info`, { headers: { Authorization: `Bearer ${token}` } })).status;
}

describe('start and stop', () => {
  test('starts the built server, waits until /status is 200, and stops it leaving no process or port file', async () => {
    const { supervisor, home, log } = supervise();
    const ready = await supervisor.start();
    assert.equal(supervisor.state, 'running');
    assert.equal(ready.url, `http://127.0.0.1:${ready.port}/`);
    assert.equal(ready.restarted, false);
    const status = await (await fetch(`${ready.origin}/status`)).json();
    assert.equal(status.pid, ready.pid);
    assert.equal(await apiInfo(ready, supervisor.token), 200, 'the token the supervisor handed over opens the API');
    assert.equal(readFileSync(join(home, 'backend.port'), 'utf8').trim(), String(ready.port));

    await supervisor.stop();
    assert.equal(supervisor.state, 'stopped');
    assert.equal(processAlive(ready.pid), false);
    assert.equal(existsSync(join(home, 'backend.port')), false);
    assert.deepEqual(readdirSync(join(home, 'instances')), []);
    assert.ok(log.some((line) => line.startsWith('[server] ')), 'server stdout is forwarded to the log with a prefix');
    assert.ok(log.some((line) => line.startsWith('[supervisor] server ready on port')));
  });

  test('the token and the password key travel in the environment, never on the command line, and never reach the log', async () => {
    const secretKey = Buffer.alloc(32, 7).toString('base64');
    const { supervisor, log } = supervise({ secretKey });
    const ready = await supervisor.start();
    try {
      const cmdline = readFileSync(`/proc/${ready.pid}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${ready.pid}/environ`, 'utf8').split('\0');
      assert.ok(!cmdline.includes(supervisor.token) && !cmdline.includes(secretKey), `command line: ${cmdline.replaceAll('\0', ' ')}`);
      assert.ok(environ.includes(`DB_TOOLKIT_TOKEN=${supervisor.token}`));
      assert.ok(environ.includes(`DB_TOOLKIT_SECRET_KEY=${secretKey}`));
      assert.ok(!environ.some((v) => v.startsWith('DB_TOOLKIT_PRINT_URL=')), 'the server must not print the token URL');
    } finally {
      await supervisor.stop();
    }
    const all = log.join('\n');
    assert.ok(!all.includes(supervisor.token) && !all.includes(secretKey));
  });

  test('stop() escalates to SIGKILL when the server does not exit on SIGTERM, and cleans the files the server could not', async () => {
    const { supervisor, home } = supervise({ stopTimeoutMs: 500 });
    const ready = await supervisor.start();
    process.kill(ready.pid, 'SIGSTOP'); // frozen: SIGTERM stays pending
    const started = performance.now();
    await supervisor.stop();
    assert.ok(performance.now() - started < 5000);
    assert.equal(processAlive(ready.pid), false);
    assert.equal(existsSync(join(home, 'backend.port')), false, 'port file of the killed server removed');
    assert.deepEqual(readdirSync(join(home, 'instances')), []);
  });

  test('restart() stops and starts again on the same port with the same token', async () => {
    const { supervisor } = supervise();
    const first = await supervisor.start();
    try {
      const second = await supervisor.restart();
      assert.notEqual(second.pid, first.pid);
      assert.equal(second.port, first.port);
      assert.equal(second.restarted, true);
      assert.equal(processAlive(first.pid), false);
      assert.equal(await apiInfo(second, supervisor.token), 200);
    } finally {
      await supervisor.stop();
    }
  });
});

describe('crash recovery', () => {
  test('kill -9 twenty times in a row: healthy again every time, on the same port, with the same token', async (t) => {
    const { supervisor, home } = supervise({ restart: { maxRestarts: 25 } });
    const first = await supervisor.start();
    const downtimes: number[] = [];
    let previous = first;
    try {
      for (let i = 1; i <= 20; i++) {
        const recovered = nextReady(supervisor);
        process.kill(previous.pid, 'SIGKILL');
        const ready = await recovered;
        assert.notEqual(ready.pid, previous.pid);
        assert.equal(ready.port, first.port, 'restarted on the same port, so an open window just reconnects');
        assert.equal(ready.restarted, true);
        assert.equal((await fetch(`${ready.origin}/status`)).status, 200);
        assert.equal(await apiInfo(ready, supervisor.token), 200, 'the window keeps its token');
        assert.equal(processAlive(previous.pid), false);
        downtimes.push(ready.downtimeMs!);
        previous = ready;
      }
    } finally {
      await supervisor.stop();
    }
    t.diagnostic(`death → healthy (ms): ${downtimes.map((ms) => Math.round(ms)).join(', ')}`);
    t.diagnostic(`median ${Math.round([...downtimes].sort((a, b) => a - b)[10]!)} ms, max ${Math.round(Math.max(...downtimes))} ms`);
    assert.equal(processAlive(previous.pid), false);
    assert.equal(existsSync(join(home, 'backend.port')), false);
    assert.deepEqual(readdirSync(join(home, 'instances')), []);
  });

  test('a server that stops answering /status is killed and replaced', async () => {
    const { supervisor, log } = supervise({ health: { intervalMs: 200, timeoutMs: 300, failures: 3 } });
    const first = await supervisor.start();
    try {
      const recovered = nextReady(supervisor);
      process.kill(first.pid, 'SIGSTOP'); // hung: alive but not answering
      const ready = await recovered;
      assert.notEqual(ready.pid, first.pid);
      assert.equal(processAlive(first.pid), false, 'the hung process is killed, not left behind');
      assert.equal((await fetch(`${ready.origin}/status`)).status, 200);
      assert.ok(log.some((line) => /stopped answering \/status/.test(line)));
    } finally {
      await supervisor.stop();
    }
  });

  test('when another program takes the port during a restart, it restarts on another port and says where', async () => {
    const { supervisor } = supervise();
    const first = await supervisor.start();
    let squatter: Server | undefined;
    // Take the port the moment the server dies, before the restart can bind it.
    supervisor.once('exit', () => {
      squatter = createServer().listen({ port: first.port, host: '127.0.0.1', exclusive: true });
    });
    try {
      const recovered = nextReady(supervisor);
      process.kill(first.pid, 'SIGKILL');
      const ready = await recovered;
      assert.notEqual(ready.port, first.port);
      assert.equal(ready.url, `http://127.0.0.1:${ready.port}/`);
      assert.equal(await apiInfo(ready, supervisor.token), 200);
    } finally {
      await supervisor.stop();
      if (squatter) await close(squatter);
    }
  });

  test('past the restart limit it gives up with an error for the UI, and starts nothing more', async () => {
    const { supervisor, spawned } = supervise({ restart: { maxRestarts: 2, windowMs: 60_000 } });
    let ready = await supervisor.start();
    try {
      for (let i = 0; i < 2; i++) {
        const recovered = nextReady(supervisor);
        process.kill(ready.pid, 'SIGKILL');
        ready = await recovered;
      }
      const failed = nextFailure(supervisor);
      process.kill(ready.pid, 'SIGKILL');
      const error = await failed;
      assert.equal(error.code, 'gave-up');
      assert.match(error.message, /stopped unexpectedly 3 times within 60 s/);
      assert.equal(supervisor.state, 'failed');
      const count = spawned.length;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(spawned.length, count, 'no further start after giving up');
      assert.equal(count, 3);
    } finally {
      await supervisor.stop();
    }
  });
});

describe('start failures', () => {
  test('a pinned port that is busy: a clear error naming the port, one attempt, no retry storm', async () => {
    const blocker = await occupy();
    const port = portOf(blocker);
    const { supervisor, home, spawned } = supervise({ port });
    const failures: SidecarError[] = [];
    supervisor.on('failed', (error) => failures.push(error));
    try {
      await assert.rejects(supervisor.start(), (error: SidecarError) => {
        assert.equal(error.code, 'port-in-use');
        assert.match(error.message, new RegExp(`Port ${port} is already in use`));
        return true;
      });
      assert.equal(supervisor.state, 'failed');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(spawned.length, 1, 'exactly one process was started');
      assert.equal(failures.length, 1);
      assert.equal(existsSync(join(home, 'backend.port')), false);
    } finally {
      await supervisor.stop();
      await close(blocker);
    }
  });

  test('Retry after the cause is gone starts it', async () => {
    const blocker = await occupy();
    const port = portOf(blocker);
    const { supervisor } = supervise({ port });
    try {
      await assert.rejects(supervisor.start());
      await close(blocker);
      const ready = await supervisor.start();
      assert.equal(ready.port, port);
    } finally {
      await supervisor.stop();
    }
  });

  test('a server that exits during startup: the error carries its own message', async () => {
    const { supervisor } = supervise({ baseEnv: { ...process.env, DB_TOOLKIT_LOG_LEVEL: 'loud' } });
    await assert.rejects(supervisor.start(), (error: SidecarError) => {
      assert.equal(error.code, 'exited');
      assert.match(error.message, /stopped while starting \(exit code 1\): DB_TOOLKIT_LOG_LEVEL must be one of/);
      return true;
    });
  });

  test('a missing server file is reported, not retried', async () => {
    const { supervisor, spawned } = supervise({ entry: join(tempHome(), 'no-such-server.mjs') });
    await assert.rejects(supervisor.start(), (error: SidecarError) => {
      assert.equal(error.code, 'exited');
      assert.match(error.message, /Cannot find module/);
      return true;
    });
    assert.equal(spawned.length, 1);
  });

  test('a missing executable is reported as such', async () => {
    const { supervisor } = supervise({ launcher: nodeLauncher('/nonexistent/node') });
    await assert.rejects(supervisor.start(), (error: SidecarError) => {
      assert.equal(error.code, 'spawn-failed');
      assert.match(error.message, /ENOENT/);
      return true;
    });
  });

  test('a server that never reports a port times out with a clear error, and is killed', async () => {
    // Plain node running an endless script: starts fine, never announces.
    const home = tempHome();
    homes.push(home);
    const silent = join(import.meta.dirname, 'testing', 'silent-server.ts');
    const supervisor = new ServerSupervisor({ entry: silent, home, launcher: nodeLauncher(), announceTimeoutMs: 800 });
    await assert.rejects(supervisor.start(), (error: SidecarError) => {
      assert.equal(error.code, 'announce-timeout');
      assert.match(error.message, /did not report its port within 0.8 s/);
      return true;
    });
    assert.equal(supervisor.pid, undefined);
  });
});

describe('the shell dies', () => {
  test('when the process running the supervisor is killed -9, the server exits by itself and removes its port file', async () => {
    const home = tempHome();
    homes.push(home);
    const host = spawn(process.execPath, [join(import.meta.dirname, 'testing', 'supervisor-host.ts'), BUILT_SERVER, home], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    host.stdout.setEncoding('utf8');
    const line = await new Promise<string>((resolve, reject) => {
      host.stdout.on('data', (chunk: string) => {
        output += chunk;
        const match = /^READY \d+ \d+$/m.exec(output);
        if (match) resolve(match[0]);
      });
      host.once('exit', (code) => reject(new Error(`supervisor host exited (${code}) before the server was ready:\n${output}`)));
    });
    const serverPid = Number(line.split(' ')[1]);
    assert.ok(processAlive(serverPid));
    host.kill('SIGKILL');
    assert.ok(await waitUntilGone(serverPid, 8000), `server ${serverPid} outlived its killed parent`);
    assert.equal(existsSync(join(home, 'backend.port')), false);
  });
});
