// /ws/terminal against the real built server: a real login shell in a real pty. Output
// arrives as binary frames; sessions survive a dropped socket and replay their screen;
// nothing is left running after a session is closed or the server stops; and the
// endpoint is refused when it must be.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { TerminalStatus } from '../protocol/index.ts';
import { processAlive, waitUntilGone } from '../testing/processes.ts';
import { startServer, type ServerProcess } from '../testing/server-process.ts';
import { connect, TestSocket, type Received } from '../testing/ws-client.ts';

const SHELL_ENV = { SHELL: '/bin/bash' };

let server: ServerProcess;
before(async () => {
  server = await startServer({ env: SHELL_ENV });
});
after(() => server.stop());

const auth = (s: ServerProcess = server) => ({ headers: { Authorization: `Bearer ${s.token}` } });

/** A socket with a fresh shell session open in it. */
async function openShell(s: ServerProcess = server, size = { cols: 80, rows: 24 }) {
  const socket = await connect(s.port, '/ws/terminal', auth(s));
  socket.sendJson({ type: 'open', id: 'o1', ...size });
  const opened = await socket.reply('o1', 10_000);
  assert.equal(opened.type, 'opened', JSON.stringify(opened));
  return { socket, sessionId: String(opened.sessionId), opened };
}

/**
 * Types `command` and waits for its output. Commands print `<tag>=<value>` via arithmetic
 * or variables, so the echo of the typed line (which shows the unexpanded text) never matches.
 */
async function run(socket: TestSocket, command: string, pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
  const from = socket.binaryText().length;
  socket.sendJson({ type: 'input', data: `${command}\r` });
  const text = await socket.nextBinary((t) => pattern.test(t.slice(from)), timeoutMs);
  return pattern.exec(text.slice(from))!;
}

async function shellPid(socket: TestSocket): Promise<number> {
  return Number((await run(socket, 'echo "pid=$(( $$ + 0 ))"', /pid=(\d+)/))[1]);
}

describe('a shell session', () => {
  test('opens a login shell and round-trips input and output, the output as binary frames', async () => {
    const { socket, opened } = await openShell();
    assert.equal(opened.title, 'bash');
    assert.equal(opened.reattached, false);
    await run(socket, 'echo "round-$((40+2))"', /round-42/);
    assert.ok(socket.binary.length > 0);
    assert.ok(!socket.messages.some((m) => JSON.stringify(m).includes('round-42')), 'output came in a JSON message');
    const env = await run(socket, 'printf "term=%s color=%s token=%s\\n" "$TERM" "$COLORTERM" "${DB_TOOLKIT_TOKEN:-none}"', /term=([\w-]+) color=(\w+) token=(\w+)/);
    assert.deepEqual(env.slice(1), ['xterm-256color', 'truecolor', 'none']);
    socket.close();
  });

  test('starts in the home directory', async () => {
    const { socket } = await openShell();
    const cwd = await run(socket, 'echo "cwd=$(pwd)"', /cwd=(\/\S*)\r\n/);
    assert.equal(cwd[1], process.env.HOME);
    socket.close();
  });

  test('a resize is seen by the shell (stty size)', async () => {
    const { socket } = await openShell();
    socket.sendJson({ type: 'resize', cols: 132, rows: 43 });
    const size = await run(socket, 'echo "size=$(stty size | tr " " x)"', /size=(\d+x\d+)/);
    assert.equal(size[1], '43x132');
    socket.close();
  });

  test('after the socket drops, open with the session id reattaches: same shell, screen replayed', async () => {
    const first = await openShell();
    const pid = await shellPid(first.socket);
    await run(first.socket, 'echo "before-drop-$((6*7))"', /before-drop-42/);
    first.socket.ws.terminate(); // as a network drop: no close handshake
    await first.socket.closed;

    const socket = await connect(server.port, '/ws/terminal', auth());
    socket.sendJson({ type: 'open', id: 'again', cols: 80, rows: 24, sessionId: first.sessionId });
    const opened = await socket.reply('again');
    assert.equal(opened.type, 'opened');
    assert.equal(opened.reattached, true);
    assert.equal(opened.sessionId, first.sessionId);
    await socket.nextBinary((t) => t.includes('before-drop-42'));
    assert.equal(await shellPid(socket), pid);
    socket.close();
  });

  test('reattaching from a second socket detaches the first', async () => {
    const first = await openShell();
    const second = await connect(server.port, '/ws/terminal', auth());
    second.sendJson({ type: 'open', id: 'take', cols: 80, rows: 24, sessionId: first.sessionId });
    assert.equal((await second.reply('take')).reattached, true);
    assert.deepEqual(await first.socket.next((m) => m.type === 'detached'), { type: 'detached', sessionId: first.sessionId });
    first.socket.sendJson({ type: 'input', data: 'echo hi\r' });
    assert.equal((await first.socket.next((m) => m.type === 'error')).code, 'not_open');
    await run(second, 'echo "second-$((1+1))"', /second-2/);
    first.socket.close();
    second.close();
  });

  test('the process exit is reported with its code', async () => {
    const { socket } = await openShell();
    socket.sendJson({ type: 'input', data: 'exit 7\r' });
    assert.deepEqual(await socket.next((m) => m.type === 'exited', 10_000), { type: 'exited', exitCode: 7, signal: null });
    socket.close();
  });

  test('close kills the shell and its jobs, and the session is gone from the list', async () => {
    const { socket, sessionId } = await openShell();
    const pid = await shellPid(socket);
    // A shell that ignores SIGHUP passes nothing on to its jobs: the job (started before the
    // trap, so it does not ignore it too) must be hung up directly.
    const job = Number((await run(socket, `sleep 300 & trap '' HUP; echo "job=$(( $! + 0 ))"`, /job=(\d+)/))[1]);
    const listed = await terminalStatus(server);
    assert.ok(listed.sessions.some((s) => s.sessionId === sessionId));

    socket.sendJson({ type: 'close', id: 'c1' });
    assert.deepEqual(await socket.reply('c1'), { type: 'closed', id: 'c1' });
    assert.ok(await waitUntilGone(pid, 5000), `shell ${pid} still running`);
    assert.ok(await waitUntilGone(job, 5000), `background job ${job} still running`);
    assert.ok(!socket.messages.some((m) => m.type === 'exited'), 'an explicit close is not reported as an exit');
    const afterClose = await terminalStatus(server);
    assert.ok(!afterClose.sessions.some((s) => s.sessionId === sessionId));
    socket.close();
  });
});

describe('GET /api/terminal', () => {
  test('says the terminal is enabled and lists live sessions in creation order', async () => {
    const a = await openShell();
    const b = await openShell();
    b.socket.ws.terminate();
    // The server notices the drop a moment after the client does.
    let status = await terminalStatus(server);
    for (let i = 0; i < 40 && status.sessions.find((s) => s.sessionId === b.sessionId)?.attached; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await terminalStatus(server);
    }
    assert.equal(status.enabled, true);
    const ids = status.sessions.map((s) => s.sessionId);
    assert.ok(ids.indexOf(a.sessionId) < ids.indexOf(b.sessionId));
    const [infoA, infoB] = [a.sessionId, b.sessionId].map((id) => status.sessions.find((s) => s.sessionId === id));
    assert.equal(infoA?.attached, true);
    assert.equal(infoA?.title, 'bash');
    assert.equal(infoB?.attached, false, 'a dropped session waits, unattached, for its client');
    a.socket.close();
  });
});

describe('flow control', () => {
  test('a runaway `yes` with a client that stops reading does not grow server memory', async () => {
    const { socket } = await openShell();
    const rssBefore = residentMegabytes(server.child.pid!);
    socket.ws.pause(); // the client stops reading; TCP and then the server's send buffer fill up
    socket.sendJson({ type: 'input', data: 'yes "$(printf "%0100d" 0)"\r' });
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const rssDuring = residentMegabytes(server.child.pid!);
    console.log(`server RSS: ${rssBefore} MB before, ${rssDuring} MB after 4 s of an unread \`yes\``);
    assert.ok(rssDuring - rssBefore < 64, `server RSS grew from ${rssBefore} MB to ${rssDuring} MB`);
    // The client reads again: the backlog drains, Ctrl-C stops `yes`, the shell answers.
    socket.ws.resume();
    socket.sendJson({ type: 'input', data: '\x03' });
    await run(socket, 'echo "after-flood-$((2*21))"', /after-flood-42/, 30_000);
    socket.close();
  });
});

describe('refusals and bad messages', () => {
  test('without the token the socket is closed with 4401', async () => {
    const socket = new TestSocket(`ws://127.0.0.1:${server.port}/ws/terminal`);
    assert.equal((await socket.closed).code, 4401);
  });

  test('a foreign Origin is refused with 403', async () => {
    const socket = new TestSocket(`ws://127.0.0.1:${server.port}/ws/terminal`, { ...auth(), origin: 'http://evil.example' });
    await assert.rejects(socket.opened(), /HTTP 403/);
  });

  test('malformed and out-of-order messages get error replies; the socket stays usable', async () => {
    const socket = await connect(server.port, '/ws/terminal', auth());
    const errorAfter = (send: () => void): Promise<Received> => {
      const seen = socket.messages.length;
      send();
      return socket.next((m) => m.type === 'error' && socket.messages.indexOf(m) >= seen);
    };
    assert.equal((await errorAfter(() => socket.sendJson({ type: 'input', data: 'ls\r' }))).code, 'not_open');
    assert.equal((await errorAfter(() => socket.sendJson({ type: 'resize', cols: 80, rows: 24 }))).code, 'not_open');

    socket.sendJson({ type: 'open', id: 'bad1', cols: 0, rows: 24 });
    const bad = await socket.reply('bad1');
    assert.equal(bad.code, 'bad_message');
    assert.ok((bad.issues as string[]).some((i) => i.startsWith('cols:')), JSON.stringify(bad));

    socket.sendJson({ type: 'open', id: 'bad2', cols: 80, rows: 24, sessionId: 'no-such-session' });
    const unknown = await socket.reply('bad2');
    assert.equal(unknown.code, 'not_found');
    assert.match(String(unknown.message), /ended/);

    socket.sendJson({ type: 'open', id: 'bad3', cols: 80, rows: 24, cli: { connectionId: 'no-such-connection' } });
    assert.equal((await socket.reply('bad3')).code, 'not_found');

    socket.sendJson({ type: 'spawn', id: 'bad4', command: 'rm' });
    assert.equal((await socket.reply('bad4')).code, 'unknown_type');
    assert.equal((await errorAfter(() => socket.sendRaw(Buffer.from('ls\r')))).code, 'bad_message');
    assert.equal((await errorAfter(() => socket.sendRaw('{oops'))).code, 'bad_json');

    socket.sendJson({ type: 'open', id: 'good', cols: 80, rows: 24 });
    assert.equal((await socket.reply('good', 10_000)).type, 'opened');
    await run(socket, 'echo "still-$((3*3))"', /still-9/);
    socket.close();
  });
});

describe('server lifecycle', () => {
  test('stopping the server ends every session: no shell, job or foreground program is left', async () => {
    const own = await startServer({ env: SHELL_ENV });
    const one = await openShell(own);
    const two = await openShell(own);
    const pids = [
      await shellPid(one.socket),
      Number((await run(one.socket, 'sleep 300 & echo "job=$(( $! + 0 ))"', /job=(\d+)/))[1]),
      await shellPid(two.socket),
      Number((await run(two.socket, `sh -c 'echo "fg=$(( $$ + 0 ))"; exec sleep 301'`, /fg=(\d+)/))[1]),
    ];
    // A detached session (client gone, waiting out its grace period) must go too.
    two.socket.ws.terminate();
    for (const pid of pids) assert.ok(processAlive(pid), `process ${pid} should run before the stop`);

    const closed = one.socket.closed;
    assert.equal((await own.stop()).code, 0);
    assert.equal((await closed).code, 1001);
    for (const pid of pids) assert.ok(await waitUntilGone(pid, 3000), `process ${pid} outlived the server`);
  });

  test('with --host 0.0.0.0 the endpoint is refused (403) and the API says why', async () => {
    const exposed = await startServer({ env: SHELL_ENV, args: ['--host', '0.0.0.0'] });
    try {
      const socket = new TestSocket(`ws://127.0.0.1:${exposed.port}/ws/terminal`, auth(exposed));
      await assert.rejects(socket.opened(), /HTTP 403/);
      const status = await terminalStatus(exposed);
      assert.equal(status.enabled, false);
      assert.match(status.reason ?? '', /listens beyond localhost/);
      assert.deepEqual(status.sessions, []);
    } finally {
      await exposed.stop();
    }
  });
});

/** GET /api/terminal, checked against the protocol's schema. */
async function terminalStatus(s: ServerProcess): Promise<TerminalStatus> {
  const res = await s.fetch('/api/terminal');
  assert.equal(res.status, 200);
  return TerminalStatus.parse(await res.json());
}

function residentMegabytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Math.round(Number(match[1]) / 1024);
}
