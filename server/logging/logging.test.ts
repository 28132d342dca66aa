// Logs as a user and an auditor see them: the file under <home>/logs, the live /ws/logs
// stream, and no secret anywhere.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startServer, tempHome } from '../testing/server-process.ts';
import { connect, TestSocket } from '../testing/ws-client.ts';

describe('server log', () => {
  test('is JSON lines under <home>/logs and never contains the token, however it was sent', async () => {
    const home = tempHome();
    const server = await startServer({ home, env: { DB_TOOLKIT_LOG_LEVEL: 'trace' } });
    try {
      // The token travels in a query string, a header, a cookie and a failed websocket.
      await server.fetch(`/?token=${server.token}`);
      await server.fetch('/api/info');
      await server.fetch('/api/nope', { headers: { Cookie: `dbt_token_${server.port}=${server.token}` } });
      await server.fetch(`/?token=${server.token.slice(0, -1)}X`);
      const refused = new TestSocket(`ws://127.0.0.1:${server.port}/ws/app?token=${server.token}`);
      await refused.closed;
    } finally {
      await server.stop();
    }
    const file = readFileSync(join(home, 'logs', 'server.log'), 'utf8');
    const lines = file.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.msg === 'server ready'));
    assert.ok(lines.some((l) => l.msg === 'shutting down'));
    assert.ok(lines.length >= 5, `only ${lines.length} lines logged`);
    assert.ok(!file.includes(server.token), 'token found in the log file');
    assert.ok(!server.stdoutLines.join('\n').includes(server.token), 'token found on stdout');
    assert.ok(!server.stderr.includes(server.token), 'token found on stderr');
  });
});

describe('/ws/logs', () => {
  test('sends the recent backlog, then new lines as they are written', async () => {
    const server = await startServer();
    try {
      const socket = await connect(server.port, '/ws/logs', { headers: { Authorization: `Bearer ${server.token}` } });
      socket.sendJson({ type: 'subscribe', id: 's1', backlog: 100 });
      const backlog = await socket.reply('s1');
      const entries = backlog.entries as { msg: string; seq: number; level: string }[];
      assert.ok(entries.some((e) => e.msg === 'server ready' && e.level === 'info'));

      // Something that logs at info: a refused websocket.
      await new TestSocket(`ws://127.0.0.1:${server.port}/ws/app`).closed;
      const live = await socket.next((m) => m.type === 'entries' && m.id === undefined
        && (m.entries as { msg: string }[]).some((e) => e.msg.startsWith('websocket refused')));
      const lastBacklogSeq = entries.at(-1)!.seq;
      assert.ok((live.entries as { seq: number }[]).every((e) => e.seq > lastBacklogSeq));

      // Resuming after a reconnect skips what the client already has.
      socket.sendJson({ type: 'subscribe', id: 's2', backlog: 100, afterSeq: lastBacklogSeq });
      const resumed = await socket.reply('s2');
      assert.ok((resumed.entries as { seq: number }[]).every((e) => e.seq > lastBacklogSeq));
      socket.close();
    } finally {
      await server.stop();
    }
  });
});
