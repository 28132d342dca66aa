import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { afterEach, test } from 'node:test';
import { StartupError } from '../errors.ts';
import { listenOnPort } from './listen.ts';

// A private range far from 8000–8100, so these tests never collide with running servers, and
// below Linux's ephemeral ports (32768–60999): a fixed range there was once taken by another
// process's connection during the suite. Five ports found free as the file starts.
const range = await freeRange(5);
const open: { close(): unknown }[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

const http = () => {
  const s = createServer();
  open.push(s);
  return s;
};
const block = (port: number) =>
  new Promise<void>((resolve, reject) => {
    const s = createTcpServer().listen({ port, host: '127.0.0.1' }, () => resolve());
    s.once('error', reject);
    open.push(s);
  });
const boundPort = (s: Server) => (s.address() as { port: number }).port;

test('takes the first port of the range', async () => {
  const s = http();
  assert.equal(await listenOnPort(s, '127.0.0.1', undefined, range), range.first);
  assert.equal(boundPort(s), range.first);
});

test('skips ports that are taken', async () => {
  await block(range.first);
  await block(range.first + 1);
  assert.equal(await listenOnPort(http(), '127.0.0.1', undefined, range), range.first + 2);
});

test('past a full range, any free port', async () => {
  for (let p = range.first; p <= range.last; p++) await block(p);
  const port = await listenOnPort(http(), '127.0.0.1', undefined, range);
  assert.ok(port < range.first || port > range.last);
});

test('a pinned busy port is an error naming the port, not a silent fallback', async () => {
  await block(range.first);
  await assert.rejects(listenOnPort(http(), '127.0.0.1', range.first, range), (error: Error) => {
    assert.ok(error instanceof StartupError);
    assert.equal(error.message, `Port ${range.first} (BACKEND_PORT) is already in use on 127.0.0.1.`);
    return true;
  });
});

test('two servers racing for the range get different ports', async () => {
  const [a, b] = await Promise.all([listenOnPort(http(), '127.0.0.1', undefined, range), listenOnPort(http(), '127.0.0.1', undefined, range)]);
  assert.notEqual(a, b);
});

async function freeRange(length: number): Promise<{ first: number; last: number }> {
  const bindable = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createTcpServer();
      s.once('error', () => resolve(false));
      s.listen({ port, host: '127.0.0.1' }, () => s.close(() => resolve(true)));
    });
  for (let first = 21000; first < 32000; first += length) {
    let free = true;
    for (let port = first; free && port < first + length; port++) free = await bindable(port);
    if (free) return { first, last: first + length - 1 };
  }
  throw new Error('no free range of ports below 32000');
}
