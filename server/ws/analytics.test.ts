// /ws/analytics through the real built server, on the sample SQLite database: subscribe
// gets the history and then snapshots at the interval; a second subscribe gets the points
// collected so far; bad messages and unknown connections get typed errors; actions need a
// subscription and SQLite refuses them clearly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type ServerProcess } from '../testing/server-process.ts';
import { connect, type TestSocket } from '../testing/ws-client.ts';

describe('/ws/analytics', () => {
  let server: ServerProcess;
  let sampleId: string;
  const open = async (): Promise<TestSocket> => {
    const socket = await connect(server.port, '/ws/analytics', { headers: { Authorization: `Bearer ${server.token}` } });
    await socket.next((m) => m.type === 'hello');
    return socket;
  };
  before(async () => {
    server = await startServer();
    const { connections } = (await (await server.fetch('/api/connections')).json()) as { connections: { id: string }[] };
    sampleId = connections[0]!.id;
  });
  after(async () => {
    await server?.stop();
  });

  test('subscribe: history, then snapshots every interval; history kept for the next subscriber', async () => {
    const socket = await open();
    socket.sendJson({ type: 'subscribe', id: 's1', connectionId: sampleId, intervalSeconds: 1 });
    const subscribed = await socket.reply('s1');
    assert.equal(subscribed.type, 'subscribed');
    assert.deepEqual(subscribed.history, []);
    const first = await socket.next((m) => m.type === 'snapshot');
    const second = await socket.next((m) => m.type === 'snapshot' && m !== first, 3000);
    const [a, b] = [first, second].map((m) => Date.parse((m.snapshot as { at: string }).at));
    assert.ok(b! - a! >= 700 && b! - a! <= 2000, `snapshots ${b! - a!} ms apart`);
    assert.ok(((second.snapshot as { databaseBytes: number }).databaseBytes) > 100_000);

    const other = await open();
    other.sendJson({ type: 'subscribe', id: 's2', connectionId: sampleId });
    assert.ok(((await other.reply('s2')).history as unknown[]).length >= 2);
    other.sendJson({ type: 'get_history', id: 'h1', connectionId: sampleId, hours: 1 });
    assert.ok(((await other.reply('h1')).points as unknown[]).length >= 2);
    // The week: one point per minute, the current minute averaged so far.
    other.sendJson({ type: 'get_history', id: 'h2', connectionId: sampleId, hours: 168 });
    const week = (await other.reply('h2')).points as { at: string; databaseBytes: number }[];
    assert.ok(week.length >= 1 && week.at(-1)!.at.endsWith(':00.000Z') && week.at(-1)!.databaseBytes > 0, JSON.stringify(week));
    other.sendJson({ type: 'action', id: 'a1', connectionId: sampleId, action: 'cancel', pid: 1, queryKey: '1' });
    assert.equal((await other.reply('a1')).code, 'not_supported');
    other.sendJson({ type: 'unsubscribe', id: 'u1', connectionId: sampleId });
    assert.equal((await other.reply('u1')).type, 'unsubscribed');
    other.close();
    socket.close();
  });

  test('bad messages, unknown connections and actions without a subscription get typed errors', async () => {
    const socket = await open();
    socket.sendJson({ type: 'subscribe', id: 'b1', connectionId: sampleId, intervalSeconds: 0 });
    assert.equal((await socket.reply('b1')).code, 'bad_message');
    socket.sendJson({ type: 'subscribe', id: 'b2', connectionId: sampleId, intervalSeconds: 61 });
    assert.equal((await socket.reply('b2')).code, 'bad_message');
    socket.sendJson({ type: 'subscribe', id: 'b3', connectionId: 'nope' });
    assert.equal((await socket.reply('b3')).code, 'not_found');
    socket.sendJson({ type: 'action', id: 'b4', connectionId: sampleId, action: 'terminate', pid: 5, queryKey: 'x' });
    assert.equal((await socket.reply('b4')).code, 'not_subscribed');
    socket.sendJson({ type: 'action', id: 'b5', connectionId: sampleId, action: 'explode', pid: 5, queryKey: 'x' });
    assert.equal((await socket.reply('b5')).code, 'bad_message');
    socket.close();
  });
});
