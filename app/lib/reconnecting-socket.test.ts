// The browser's websocket client against a real websocket server on a free port (Node's
// own WebSocket, as in a browser): replies by id, binary frames, reconnection with
// backoff after a drop, an immediate retry when the browser comes back online, and no
// retry once unauthorized or closed.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { CloseCode } from '../../server/protocol/index.ts';
import { installBrowserPage, until, WsPeer, type BrowserPage } from '../testing/browser.ts';
import { ReconnectingSocket, RequestFailedError, type SocketStatus } from './reconnecting-socket.ts';

type Message = { type: string; id?: string; [key: string]: unknown };

let peer: WsPeer;
let page: BrowserPage;
const sockets: ReconnectingSocket<Message, Message>[] = [];

before(async () => {
  peer = await WsPeer.start();
  page = installBrowserPage(peer.origin);
});
beforeEach(() => {
  peer.accepting = true;
  peer.received.length = 0;
  for (const socket of sockets.splice(0)) socket.close();
  for (const client of peer.clients) client.terminate();
});
after(async () => {
  for (const socket of sockets) socket.close();
  await peer.close();
});

/** A socket to the peer, with every status it passes through. */
function open() {
  const socket = new ReconnectingSocket<Message, Message>('/ws/test');
  sockets.push(socket);
  const statuses: SocketStatus[] = [socket.state.status];
  socket.subscribeState(() => statuses.push(socket.state.status));
  return { socket, statuses, isOpen: () => socket.state.status === 'open' };
}

test('connects to the page\'s own host, and runs its open listeners', async () => {
  const { socket, statuses, isOpen } = open();
  let opens = 0;
  socket.onOpen(() => opens++);
  await until(isOpen, 'open');
  assert.deepEqual(statuses, ['connecting', 'open']);
  assert.equal(opens, 1);
  let lateOpens = 0;
  socket.onOpen(() => lateOpens++);
  assert.equal(lateOpens, 1, 'a listener added while open runs at once');
});

test('a request resolves with the reply carrying its id; an error reply rejects with its code and issues', async () => {
  const { socket, isOpen } = open();
  await until(isOpen, 'open');
  const seen: Message[] = [];
  socket.onMessage((m) => seen.push(m));

  const pong = socket.request({ type: 'ping', id: socket.newId() });
  const ping = await peer.next((m) => m.type === 'ping');
  await peer.send({ type: 'hello', version: '1' }); // no id: only the listeners get it
  await peer.send({ type: 'pong', id: ping.id });
  assert.deepEqual(await pong, { type: 'pong', id: ping.id });

  const failing = socket.request({ type: 'open', id: socket.newId() });
  const request = await peer.next((m) => m.type === 'open');
  await peer.send({ type: 'error', id: request.id, code: 'bad_message', message: 'cols: Too small', issues: ['cols: Too small'] });
  await assert.rejects(failing, (error: RequestFailedError) => {
    assert.ok(error instanceof RequestFailedError);
    assert.equal(error.code, 'bad_message');
    assert.equal(error.message, 'cols: Too small');
    assert.deepEqual(error.issues, ['cols: Too small']);
    return true;
  });
  assert.deepEqual(seen.map((m) => m.type), ['hello', 'pong', 'error'], 'listeners see every message, replies included');
});

test('binary frames reach the binary listeners as the bytes sent', async () => {
  const { socket, isOpen } = open();
  await until(isOpen, 'open');
  const frames: ArrayBuffer[] = [];
  socket.onBinary((data) => frames.push(data));
  await peer.send(new Uint8Array([0, 1, 2, 254, 255]));
  await until(() => frames.length === 1, 'the frame');
  assert.deepEqual([...new Uint8Array(frames[0]!)], [0, 1, 2, 254, 255]);
});

test('sending while not connected says so instead of queueing', async () => {
  peer.accepting = false;
  const { socket } = open();
  assert.equal(socket.send({ type: 'ping', id: 'x' }), false);
  await assert.rejects(socket.request({ type: 'ping', id: 'y' }), /Not connected/);
});

test('a dropped connection: pending requests fail, then it reconnects with backoff and runs its open listeners again', async () => {
  const { socket, statuses, isOpen } = open();
  let opens = 0;
  socket.onOpen(() => opens++);
  await until(isOpen, 'open');
  const pending = socket.request({ type: 'ping', id: socket.newId() });
  await peer.next((m) => m.type === 'ping');
  (await peer.client()).terminate();
  await assert.rejects(pending, /Connection to the server was lost/);
  assert.equal(socket.state.status, 'reconnecting');
  assert.equal(socket.state.attempt, 1);
  const wait = socket.state.retryAt! - Date.now();
  assert.ok(wait > 150 && wait <= 300, `first retry after about 250 ms, got ${wait} ms`);
  await until(() => isOpen() && opens === 2, 'reconnected');
  assert.deepEqual(statuses.slice(-3), ['reconnecting', 'connecting', 'open']);
  assert.equal(socket.state.attempt, 0, 'a successful open resets the backoff');
});

test('while the server is unreachable the backoff doubles; coming back online retries at once, a hidden tab does not', async () => {
  peer.accepting = false;
  const { socket, isOpen } = open();
  await until(() => socket.state.status === 'reconnecting' && socket.state.attempt === 3, 'the third failed attempt', 5000);
  const wait = socket.state.retryAt! - Date.now();
  assert.ok(wait > 600, `third retry after about 1 s, got ${wait} ms`);

  page.document.visibilityState = 'hidden';
  page.document.dispatchEvent(new Event('visibilitychange'));
  assert.equal(socket.state.status, 'reconnecting', 'a hidden tab waits out its backoff');
  page.document.visibilityState = 'visible';

  peer.accepting = true;
  const retryAt = socket.state.retryAt!;
  page.window.dispatchEvent(new Event('online'));
  assert.equal(socket.state.status, 'connecting');
  await until(isOpen, 'open');
  assert.ok(Date.now() < retryAt, 'connected before the backoff would have ended');
});

test('closed as unauthorized: it stops and says so, without retrying', async () => {
  const { socket } = open();
  await until(() => socket.state.status === 'open', 'open');
  const before = peer.connections;
  (await peer.client()).close(CloseCode.unauthorized, 'bad token');
  await until(() => socket.state.status === 'unauthorized', 'unauthorized');
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.equal(peer.connections, before);
  assert.equal(socket.state.status, 'unauthorized');
});

test('close() ends the connection normally and for good', async () => {
  const { socket, isOpen } = open();
  await until(isOpen, 'open');
  const client = await peer.client();
  const closed = new Promise<number>((resolve) => client.once('close', resolve));
  const before = peer.connections;
  socket.close();
  assert.equal(await closed, 1000);
  page.window.dispatchEvent(new Event('online'));
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(peer.connections, before, 'no reconnection after close()');
});
