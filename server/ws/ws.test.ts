// Websockets against the real built server: who may connect, the message protocol and its
// error replies, and the heartbeat that drops dead peers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type ServerProcess } from '../testing/server-process.ts';
import { connect, TestSocket } from '../testing/ws-client.ts';

let server: ServerProcess;
before(async () => {
  server = await startServer({ env: { DB_TOOLKIT_WS_HEARTBEAT_MS: '300' } });
});
after(() => server.stop());

const auth = () => ({ headers: { Authorization: `Bearer ${server.token}` } });

describe('who may connect', () => {
  test('with the token: hello, then ping is answered by pong with the same id', async () => {
    const socket = await connect(server.port, '/ws/app', auth());
    const hello = await socket.next((m) => m.type === 'hello');
    assert.equal(hello.endpoint, '/ws/app');
    assert.equal(typeof hello.version, 'string');
    socket.sendJson({ type: 'ping', id: 'p1' });
    assert.deepEqual(await socket.reply('p1'), { type: 'pong', id: 'p1' });
    socket.close();
  });

  test('a browser on our own origin with the session cookie may connect', async () => {
    const socket = await connect(server.port, '/ws/logs', {
      origin: `http://127.0.0.1:${server.port}`,
      headers: { Cookie: `dbt_token_${server.port}=${server.token}` },
    });
    await socket.next((m) => m.type === 'hello');
    socket.close();
  });

  test('without the token, or with a wrong one, the socket is closed with 4401', async () => {
    for (const options of [{}, { headers: { Authorization: `Bearer ${'c'.repeat(43)}` } }]) {
      const socket = new TestSocket(`ws://127.0.0.1:${server.port}/ws/app`, options);
      const closed = await socket.closed;
      assert.equal(closed.code, 4401);
      assert.equal(socket.messages.length, 0, 'an unauthorized socket received data');
    }
  });

  test('a foreign Origin is refused at the handshake (cross-site websocket hijacking)', async () => {
    const socket = new TestSocket(`ws://127.0.0.1:${server.port}/ws/app`, { ...auth(), origin: 'http://evil.example' });
    await assert.rejects(socket.opened(), /HTTP 403/);
  });

  test('a foreign Host is refused at the handshake (DNS rebinding)', async () => {
    const socket = new TestSocket(`ws://127.0.0.1:${server.port}/ws/app`, { ...auth(), headers: { ...auth().headers, Host: `evil.example:${server.port}` } });
    await assert.rejects(socket.opened(), /HTTP 403/);
  });

  test('unknown websocket paths are refused with 404', async () => {
    for (const path of ['/ws/nope', '/logs', '/']) {
      const socket = new TestSocket(`ws://127.0.0.1:${server.port}${path}`, auth());
      await assert.rejects(socket.opened(), /HTTP 404/, path);
    }
  });
});

describe('malformed messages get an error reply and the connection stays usable', () => {
  let socket: TestSocket;
  before(async () => {
    socket = await connect(server.port, '/ws/logs', auth());
  });
  after(() => socket.close());

  const nextError = () => {
    const seen = socket.messages.length;
    return socket.next((m) => m.type === 'error' && socket.messages.indexOf(m) >= seen);
  };

  test('not JSON', async () => {
    const error = nextError();
    socket.sendRaw('{not json');
    assert.deepEqual(await error, { type: 'error', code: 'bad_json', message: 'Message is not valid JSON.' });
  });

  test('no type', async () => {
    const error = nextError();
    socket.sendJson({ id: 'x1' });
    const reply = await error;
    assert.equal(reply.code, 'bad_message');
    assert.equal(reply.id, 'x1');
  });

  test('unknown type, answered with the request id', async () => {
    socket.sendJson({ type: 'drop_database', id: 'x2' });
    const reply = await socket.reply('x2');
    assert.equal(reply.code, 'unknown_type');
    assert.match(String(reply.message), /Unknown message type "drop_database" for \/ws\/logs/);
  });

  test('a known type with invalid fields names the field', async () => {
    socket.sendJson({ type: 'subscribe', id: 'x3', backlog: -5 });
    const reply = await socket.reply('x3');
    assert.equal(reply.code, 'bad_message');
    assert.ok((reply.issues as string[]).some((i) => i.startsWith('backlog:')), JSON.stringify(reply));
  });

  test('binary frames', async () => {
    const error = nextError();
    socket.sendRaw(Buffer.from([1, 2, 3]));
    assert.equal((await error).code, 'bad_message');
  });

  test('after all that, ping still works', async () => {
    socket.sendJson({ type: 'ping', id: 'x4' });
    assert.equal((await socket.reply('x4')).type, 'pong');
  });

  test('a message over 1 MB closes the connection with 1009', async () => {
    const big = await connect(server.port, '/ws/app', auth());
    big.sendRaw(JSON.stringify({ type: 'ping', id: 'big', pad: 'x'.repeat(1_100_000) }));
    assert.equal((await big.closed).code, 1009);
  });
});

describe('heartbeat', () => {
  test('a peer that stops answering pings is dropped; a live one is kept', async () => {
    const dead = await connect(server.port, '/ws/app', { ...auth(), autoPong: false });
    const live = await connect(server.port, '/ws/app', auth());
    const started = performance.now();
    await dead.closed;
    const droppedAfterMs = performance.now() - started;
    assert.ok(droppedAfterMs < 3000, `dropped after ${droppedAfterMs} ms`);
    live.sendJson({ type: 'ping', id: 'alive' });
    assert.equal((await live.reply('alive')).type, 'pong');
    live.close();
  });
});
