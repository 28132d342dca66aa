// The session reads DataRows off the socket as bytes (wire-tap.ts, packed-rows.ts): what the
// server sends on must be psql's text, cell for cell, whatever the cells hold.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { psqlRows } from '../../testing/cli.ts';
import { startPostgres, type TestPostgres } from '../../testing/postgres.ts';
import type { Driver, QueryEvent, QuerySession } from '../driver.ts';
import { DatabaseError } from '../errors.ts';
import { postgresFactory } from '../postgres.ts';
import { WireTap } from './wire-tap.ts';

let server: TestPostgres;
let driver: Driver;
let session: QuerySession;

before(async () => {
  server = await startPostgres();
  driver = await postgresFactory.connect(server.target());
  session = await driver.openSession();
});
after(async () => {
  await driver?.close();
  await server?.stop();
});

type RowsEvent = Extract<QueryEvent, { kind: 'rows' }>;

async function rowEvents(sql: string, batchSize: number): Promise<RowsEvent[]> {
  const events: RowsEvent[] = [];
  for await (const event of session.run(sql, { batchSize })) if (event.kind === 'rows') events.push(event);
  return events;
}

test('a large result goes out as packed bytes equal to psql: UTF-8, NULLs, empty cells, cells larger than a socket read', async () => {
  const sql = `SELECT g, 'naïve ✓ 😀 漢字 ' || g, CASE WHEN g % 3 = 0 THEN NULL WHEN g % 3 = 1 THEN '' ELSE 'x' END,
      CASE WHEN g % 997 = 0 THEN repeat('é', 200000) ELSE (g * 1.5)::numeric(12,2)::text END, g % 2 = 0
    FROM generate_series(1, 12000) g`;
  const events = await rowEvents(sql, 5000);
  assert.deepEqual(events.map((e) => e.packed?.count), [5000, 5000, 2000], 'batches of the size asked, whatever the fetch');
  assert.ok(events.every((e) => e.packed?.bytes instanceof Buffer), 'every batch is packed bytes');
  assert.deepEqual(events.flatMap((e) => e.rows), psqlRows(server, sql));
});

test('the fetch with a reserved character in a cell is sent as strings; the fetches around it stay packed', async () => {
  // Fetches: rows 1–1000 (the first is one batch), then 16 batches at a time: 1001–17000 (holds them), 17001–20000.
  const sql = `SELECT g, CASE WHEN g = 1500 THEN E'unit\\x1fseparator' WHEN g = 1501 THEN E'record\\x1eseparator' ELSE 'ok ' || g END
    FROM generate_series(1, 20000) g`;
  const events = await rowEvents(sql, 1000);
  assert.deepEqual(events.map((e) => Boolean(e.packed)), [true, ...Array(16).fill(false), true, true, true]);
  assert.deepEqual(events.map((e) => e.packed?.count ?? e.rows.length), Array(20).fill(1000), 'a fetch of 16 batches is cut into 16 batches');
  // (psqlRows cannot be the reference here: it separates psql's output with those characters.)
  const expected = Array.from({ length: 20000 }, (_, i) => [String(i + 1), `ok ${i + 1}`]);
  expected[1499]![1] = 'unit\x1fseparator';
  expected[1500]![1] = 'record\x1eseparator';
  assert.deepEqual(events.flatMap((e) => e.rows), expected);
});

test('rows without columns are counted and have no cells', async () => {
  const events = await rowEvents('SELECT FROM generate_series(1, 3)', 1000);
  assert.deepEqual(events.flatMap((e) => e.rows), [[], [], []]);
});

test('an error in the middle of a stream is reported, and the session goes on with ordinary queries', async () => {
  await assert.rejects(rowEvents('SELECT 1 / (g - 2500) FROM generate_series(1, 3000) g', 1000), (error: unknown) => error instanceof DatabaseError && /division by zero/.test(error.message));
  const events = await rowEvents("SELECT 'still here'", 1000);
  assert.deepEqual(events.flatMap((e) => e.rows), [['still here']]);
});

test('a plain socket reads into one reused buffer, yet pg is handed whole, intact messages however the bytes are split', async () => {
  // Messages of every size against the 256 KB read buffer, written in pieces that cut a header, a body, and span several reads.
  const message = (type: string, body: Buffer) => Buffer.concat([Buffer.from(type), Buffer.from([0, 0, 0, 0].map((_, i) => ((body.length + 4) >>> (24 - 8 * i)) & 0xff)), body]);
  const messages = [message('S', Buffer.from('a\0b\0')), message('N', Buffer.alloc(700_000, 'x')), message('Z', Buffer.from('I')), message('C', Buffer.alloc(3, 'y'))];
  const bytes = Buffer.concat(messages);
  const cuts = [1, 3, 9, 300_000, 600_000, 700_010, bytes.length];
  const server = createServer(async (peer) => {
    let from = 0;
    for (const cut of cuts) {
      peer.write(bytes.subarray(from, cut));
      from = cut;
      await new Promise((resolve) => setTimeout(resolve, 20)); // each piece its own read
    }
    peer.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { socket } = WireTap.plainSocket();
  try {
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(Buffer.from(chunk))); // copied: pg copies what it keeps
    socket.connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(socket, 'end', { signal: AbortSignal.timeout(20_000) });
    // Every chunk handed over ends on a message boundary, and together they are the bytes sent.
    assert.deepEqual(Buffer.concat(received), bytes);
    let at = 0;
    for (const chunk of received) {
      for (let i = 0; i < chunk.length; i += 1 + chunk.readUInt32BE(i + 1)) assert.equal(bytes[at + i], chunk[i], 'a chunk starts with a message');
      at += chunk.length;
    }
    assert.ok(received.length >= 3, 'the messages came in several reads');
  } finally {
    socket.destroy();
    server.close();
  }
});
