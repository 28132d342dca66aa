// The sidecar contract, checked against the real built server process: port rules,
// announcement, instances side by side, graceful shutdown, and no orphan when the parent dies.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BUILT_SERVER, readJson, startServer, startServerExpectingFailure, tempHome } from '../testing/server-process.ts';
import { connect } from '../testing/ws-client.ts';
import { START_GARBAGE_DELAY_MS } from './start-garbage.ts';
import { processAlive, waitUntilGone } from '../testing/processes.ts';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

function occupy(port: number, host = '127.0.0.1'): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = (await occupy(0))!;
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}


describe('port selection and announcement', () => {
  test('announces a port in 8000–8100 once on stdout and in the port file; /status answers', async () => {
    const server = await startServer();
    try {
      assert.ok(server.port >= 8000 && server.port <= 8100, `port ${server.port} outside 8000–8100`);
      assert.equal(server.stdoutLines.filter((l) => l.startsWith('BACKEND_PORT:')).length, 1);
      assert.equal(readFileSync(join(server.home, 'backend.port'), 'utf8').trim(), String(server.port));
      const instance = JSON.parse(readFileSync(join(server.home, 'instances', `${server.child.pid}.json`), 'utf8'));
      assert.equal(instance.port, server.port);

      const res = await fetch(`${server.baseUrl}/status`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      const status = await readJson(res);
      assert.equal(status.status, 'ok');
      assert.equal(status.port, server.port);
      assert.equal(status.pid, server.child.pid);
      assert.equal(status.version, pkg.version);
      assert.equal(typeof status.uptimeSeconds, 'number');
      assert.deepEqual(status.checks.logFile, { ok: true });
    } finally {
      await server.stop();
    }
  });

  test('once announced (and /status 200) every request is served: a page asked for at once waits for Next.js', async () => {
    // Next.js is prepared after the announcement (start.ts): /status says "pages" is
    // preparing, and a page request in that window is answered, not refused or failed.
    const server = await startServer();
    try {
      const [page, status] = await Promise.all([server.fetch('/connections'), fetch(`${server.baseUrl}/status`).then(readJson)]);
      assert.equal(status.status, 'ok');
      assert.equal(status.checks.pages.ok, true);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<html/);
      const later = await readJson(await fetch(`${server.baseUrl}/status`));
      assert.deepEqual(later.checks.pages, { ok: true });
    } finally {
      await server.stop();
    }
  });

  test('BACKEND_PORT pins the port', async () => {
    const port = await freePort();
    const server = await startServer({ env: { BACKEND_PORT: String(port) } });
    try {
      assert.equal(server.port, port);
    } finally {
      await server.stop();
    }
  });

  test('a busy pinned port exits non-zero with one line naming the port, and announces nothing', async () => {
    const blocker = (await occupy(0))!;
    const { port } = blocker.address() as { port: number };
    const home = tempHome();
    try {
      const result = await startServerExpectingFailure({ home, env: { BACKEND_PORT: String(port) } });
      assert.notEqual(result.code, 0);
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `expected one line, got:\n${result.stderr}`);
      assert.match(lines[0]!, new RegExp(`Port ${port} \\(BACKEND_PORT\\) is already in use`));
      assert.doesNotMatch(result.stdout, /BACKEND_PORT:/);
      assert.equal(existsSync(join(home, 'backend.port')), false);
    } finally {
      blocker.close();
    }
  });

  test('an invalid BACKEND_PORT is refused with a message saying what is wrong', async () => {
    const result = await startServerExpectingFailure({ env: { BACKEND_PORT: 'eighty' } });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /BACKEND_PORT must be a port number between 1 and 65535; got "eighty"/);
  });

  test('with every port from 8000 to 8100 taken it still starts, outside the range', async () => {
    const blockers: Server[] = [];
    for (let port = 8000; port <= 8100; port++) {
      const blocker = await occupy(port);
      if (blocker) blockers.push(blocker);
    }
    try {
      const server = await startServer();
      try {
        assert.ok(server.port < 8000 || server.port > 8100, `got ${server.port}`);
        assert.equal(readFileSync(join(server.home, 'backend.port'), 'utf8').trim(), String(server.port));
        assert.equal((await fetch(`${server.baseUrl}/status`)).status, 200);
      } finally {
        await server.stop();
      }
    } finally {
      await Promise.all(blockers.map((b) => new Promise((resolve) => b.close(resolve))));
    }
  });

  test('two servers started at once get two ports; backend.port follows the newest live one', async () => {
    const home = tempHome();
    // Both are stopped whatever happens: one left running would keep this file from ever ending.
    const started = await Promise.allSettled([startServer({ home }), startServer({ home })]);
    const running = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failure = started.find((outcome) => outcome.status === 'rejected');
    if (failure) {
      await Promise.all(running.map((server) => server.stop()));
      throw failure.reason;
    }
    const [a, b] = running as [(typeof running)[number], (typeof running)[number]];
    try {
      assert.notEqual(a.port, b.port);
      for (const s of [a, b]) {
        const status = await readJson(await fetch(`${s.baseUrl}/status`));
        assert.equal(status.pid, s.child.pid);
      }
      assert.deepEqual(readdirSync(join(home, 'instances')).sort(), [`${a.child.pid}.json`, `${b.child.pid}.json`].sort());
      const named = Number(readFileSync(join(home, 'backend.port'), 'utf8'));
      const [owner, other] = named === a.port ? [a, b] : [b, a];
      assert.equal(named, owner.port);

      assert.equal((await owner.stop()).code, 0);
      assert.equal(readFileSync(join(home, 'backend.port'), 'utf8').trim(), String(other.port));
      assert.equal((await other.stop()).code, 0);
      assert.equal(existsSync(join(home, 'backend.port')), false);
      assert.deepEqual(readdirSync(join(home, 'instances')), []);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe('shutdown', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal}: websockets closed with 1001, port file removed, exit 0 within 5 s`, async () => {
      const server = await startServer();
      const socket = await connect(server.port, '/ws/app', { headers: { Authorization: `Bearer ${server.token}` } });
      const started = performance.now();
      const exit = server.stop(signal);
      const closed = await socket.closed;
      const { code } = await exit;
      const seconds = (performance.now() - started) / 1000;
      assert.equal(closed.code, 1001);
      assert.equal(code, 0);
      assert.ok(seconds < 5, `took ${seconds.toFixed(2)} s`);
      assert.equal(existsSync(join(server.home, 'backend.port')), false);
    });
  }

  test('an in-flight request finishes before the server exits', async () => {
    const server = await startServer();
    // A page render is the slowest request we have; start several and signal at once.
    const requests = Array.from({ length: 5 }, () => server.fetch('/logs'));
    server.child.kill('SIGTERM');
    const responses = await Promise.allSettled(requests);
    const completed = responses.filter((r) => r.status === 'fulfilled' && r.value.status === 200);
    assert.ok(completed.length > 0, 'no request completed');
    assert.equal((await server.exited).code, 0);
    await server.stop();
  });
});

describe('a closed stdout', () => {
  test('the server keeps serving, does not spin, and still shuts down cleanly', async () => {
    const server = await startServer();
    try {
      server.child.stdout!.destroy(); // the reader goes away, like a dead supervisor or `| head -1`
      const cpuTicks = () => {
        const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return Number(fields[11]) + Number(fields[12]); // utime + stime
      };
      // The start's own work is over first: Next.js is prepared after the announcement, and
      // one garbage collection follows it (start.ts).
      while ((await readJson(await fetch(`${server.baseUrl}/status`))).checks.pages.detail === 'preparing') {
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, START_GARBAGE_DELAY_MS + 300));
      // Log lines are written on every request (debug is off, but a refused websocket logs).
      for (let i = 0; i < 5; i++) await fetch(`${server.baseUrl}/api/info`);
      const before = cpuTicks();
      await new Promise((r) => setTimeout(r, 1000));
      const busy = cpuTicks() - before; // clock ticks (usually 100 per second)
      assert.ok(busy < 30, `the server burned ${busy} ticks of CPU in a second while idle`);
      assert.equal((await fetch(`${server.baseUrl}/status`)).status, 200);
      const started = performance.now();
      assert.equal((await server.stop()).code, 0);
      assert.ok(performance.now() - started < 5000);
    } finally {
      await server.stop();
    }
  });
});

describe('parent death', () => {
  const cleanups: (() => void)[] = [];
  after(() => cleanups.forEach((c) => c()));

  test('the server exits by itself when the process that started it is killed', async () => {
    const home = tempHome();
    // An intermediate "launcher" that starts the server and is then killed with SIGKILL,
    // like a crashed desktop shell: it gets no chance to stop its child.
    const launcher = spawn(process.execPath, ['-e', `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, [${JSON.stringify(BUILT_SERVER)}], { stdio: ['ignore', 'inherit', 'inherit'] });
      setInterval(() => {}, 1000);
    `], { env: { ...process.env, DB_TOOLKIT_HOME: home, DB_TOOLKIT_TOKEN: 'x'.repeat(43) }, stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => launcher.kill('SIGKILL'));
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      launcher.stdout.on('data', (d) => {
        out += d;
        const m = /BACKEND_PORT:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      launcher.once('exit', () => reject(new Error('launcher exited')));
    });
    const { pid } = await readJson(await fetch(`http://127.0.0.1:${port}/status`));
    cleanups.push(() => processAlive(pid) && process.kill(pid, 'SIGKILL'));

    launcher.kill('SIGKILL');
    assert.ok(await waitUntilGone(pid, 8000), 'server outlived its parent');
    assert.equal(existsSync(join(home, 'backend.port')), false, 'port file left behind');
  });
});
