// Malformed input, in bulk, against the built server: 5,000 malformed messages on each
// websocket endpoint and a few thousand malformed REST requests (bodies, content types,
// %-escapes, path parameters, query strings) over every route of the table. Each gets a
// typed 4xx / typed websocket error — never a 500, never `internal` — the sockets stay open,
// and the log holds no error or stack trace.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { routes, WS_PATHS } from '../protocol/index.ts';
import { startServer, type ServerProcess } from '../testing/server-process.ts';
import { connect, type Received } from '../testing/ws-client.ts';
import { figures } from './fault-kit.ts';

const MESSAGES_PER_ENDPOINT = 5000;
const TYPED_WS_CODES = new Set(['bad_json', 'bad_message', 'unknown_type']);

let server: ServerProcess;
before(async () => {
  server = await startServer({ env: { DB_TOOLKIT_TEST_JOBS: '1' } });
});
after(() => server?.stop());

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)]!;
    },
  };
}
type Random = ReturnType<typeof random>;

const wrongValues = (r: Random): unknown[] => [
  null, true, -1, 1.5, Number.MAX_SAFE_INTEGER * 4, '', 'x'.repeat(r.int(300)), [], [1, 'a'], {}, { nested: { deeper: [null] } },
  '\u0000\uffff', { __proto__: { polluted: true } }, ['__proto__'],
];

/** Every message type each endpoint knows, with the fields it requires. */
const REQUIRED: Record<string, Record<string, string[]>> = {
  [WS_PATHS.app]: { ping: ['id'], cancel_job: ['id', 'jobId'], get_job_log: ['id', 'jobId'] },
  [WS_PATHS.logs]: { ping: ['id'], subscribe: ['id'] },
  [WS_PATHS.query]: { ping: ['id'], run: ['id', 'connectionId', 'sessionId', 'sql'], more: ['id', 'rows'], cancel: ['id'], close_session: ['id', 'sessionId'] },
  [WS_PATHS.terminal]: { ping: ['id'], open: ['id', 'cols', 'rows'], input: ['data'], resize: ['cols', 'rows'], close: ['id'] },
  [WS_PATHS.migrator]: {
    ping: ['id'], cancel_job: ['id', 'jobId'], get_job_log: ['id', 'jobId'], status: ['id', 'connectionId'], history: ['id', 'connectionId'],
    set_folder: ['id', 'connectionId', 'folder'], new: ['id', 'connectionId', 'name'], read_file: ['id', 'connectionId', 'file'],
    save_file: ['id', 'connectionId', 'file', 'text'], migrate: ['id', 'connectionId'], rollback: ['id', 'connectionId'], dry_run: ['id', 'connectionId'],
    resolve: ['id', 'connectionId', 'version', 'as'],
  },
  [WS_PATHS.testJobs]: { ping: ['id'], cancel_job: ['id', 'jobId'], get_job_log: ['id', 'jobId'], start_test_job: ['id', 'steps', 'stepMs'] },
};

/** A message that cannot be valid: broken JSON, not an object, no or unknown type, or a required field of the wrong type. */
function malformedMessage(r: Random, known: Record<string, string[]>): string {
  switch (r.int(6)) {
    case 0: { // broken JSON
      const valid = JSON.stringify({ type: r.pick(Object.keys(known)), id: 'x' });
      return r.pick([valid.slice(0, 1 + r.int(valid.length - 1)), `${valid}}`, "{'type':'ping'}", 'undefined', 'NaN', '{"type":"ping",}', '\u0000', ' ']);
    }
    case 1: // JSON, not an object
      return JSON.stringify(r.pick([null, 0, 'ping', [], [{ type: 'ping', id: 'x' }], true]));
    case 2: // no type, or not a string
      return JSON.stringify({ ...(r.next() < 0.5 ? {} : { type: r.pick(wrongValues(r).filter((v) => typeof v !== 'string')) }), id: 'x' });
    case 3: // unknown type
      return JSON.stringify({ type: r.pick(['', 'PING', 'run ', 'constructor', '__proto__', 'toString', 'x'.repeat(500), 'hello', 'pong', 'error']), id: 'x' });
    default: { // a known type with a required field broken
      const type = r.pick(Object.keys(known));
      const fields = known[type]!;
      const message: Record<string, unknown> = { type, id: 'i', connectionId: 'c', sessionId: 's', sql: 'SELECT 1', rows: 10, cols: 80, data: 'x', jobId: 'j', steps: 1, stepMs: 0 };
      for (const field of fields.filter(() => r.next() < 0.5).concat(r.pick(fields))) {
        message[field] = r.pick(wrongValues(r).filter((v) => !(typeof v === 'string' && v.length > 0 && field !== 'cols' && field !== 'rows' && field !== 'steps' && field !== 'stepMs')));
      }
      if (r.next() < 0.3) delete message[r.pick(fields)];
      return JSON.stringify(message);
    }
  }
}

test(`${MESSAGES_PER_ENDPOINT} malformed messages on every websocket endpoint: each a typed error, the socket stays open`, async () => {
  const r = random(15);
  let tried = 0;
  for (const [path, known] of Object.entries(REQUIRED)) {
    const socket = await connect(server.port, path, { headers: { Authorization: `Bearer ${server.token}` } });
    const errors: Received[] = [];
    socket.ws.on('message', (data, binary) => {
      if (binary) return;
      const message = JSON.parse(data.toString()) as Received;
      if (message.type === 'error') errors.push(message);
    });
    for (let i = 0; i < MESSAGES_PER_ENDPOINT; i++) {
      socket.sendRaw(malformedMessage(r, known));
      if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
    }
    tried += MESSAGES_PER_ENDPOINT;
    socket.sendJson({ type: 'ping', id: 'still-there' });
    await socket.next((m) => m.type === 'pong' && m.id === 'still-there', 60_000);
    const deadline = Date.now() + 10_000;
    while (errors.length < MESSAGES_PER_ENDPOINT && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(errors.length, MESSAGES_PER_ENDPOINT, `${path}: one error per malformed message`);
    const untyped = errors.filter((e) => !TYPED_WS_CODES.has(String(e.code)));
    assert.deepEqual(untyped.slice(0, 3), [], `${path}: every error is typed`);
    socket.close();
  }
  figures('malformed-websocket', { endpoints: Object.keys(REQUIRED).length, messagesTried: tried, typedErrors: tried, internalErrors: 0 });
});

test('malformed REST requests over every route: typed 4xx, never a 500', async () => {
  const r = random(7);
  const statuses = new Map<number, number>();
  let tried = 0;
  const send = async (method: string, path: string, body?: string | Buffer, type = 'application/json') => {
    const res = await server.fetch(path, { method, headers: { 'Content-Type': type, Origin: server.baseUrl }, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    tried++;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    assert.ok(res.status >= 400 && res.status < 500, `${method} ${path} ${String(body).slice(0, 120)} → ${res.status} ${text.slice(0, 200)}`);
    const error = JSON.parse(text).error;
    assert.ok(error?.code && error.code !== 'internal' && error.message, text);
  };
  // (not %2e%2e: fetch itself resolves it as ".." before sending)
  const badSegments = ['%E0%A4%A', '%zz', '%', '%00', 'x'.repeat(5000), '..%2f..%2fetc'];
  const fill = (path: string, segment: () => string) => path.replace(/:(\w+)/g, segment);

  for (const route of Object.values(routes)) {
    const { method, path } = route;
    // path parameters: malformed escapes and absurd values (the unknown-id 404 is a typed 4xx too)
    if (path.includes(':')) for (const bad of badSegments) await send(method, fill(path, () => bad), method === 'GET' || method === 'DELETE' ? undefined : '{}');
    const concrete = fill(path, () => 'no-such-id');
    // query strings, on the routes that take one
    if (route.query) for (const query of ['limit=-1', 'limit=abc', 'offset=1e309', 'limit=%zz', 'q=%E0%A4%A', 'limit=1&limit=2', 'search=' + 'x'.repeat(2000)]) {
      await send(method, `${concrete}?${query}`);
    }
    if (method === 'GET' || method === 'DELETE') continue;
    // bodies
    const bodies: (string | Buffer)[] = [
      '', '{', '[]', 'null', '"text"', '12', '{"a":', '{"__proto__":{"polluted":true}}', Buffer.from([0xff, 0xfe, 0x00]), '{"name":null,"settings":[]}',
      JSON.stringify({ name: 'x'.repeat(10_000), settings: { engine: 'oracle' } }), JSON.stringify({ url: 'postgres://u:%zz@h/d' }), JSON.stringify({ url: 'sqlite:/tmp/%zz.db' }),
      JSON.stringify({ order: 'a', activeTabId: 5 }), JSON.stringify({ title: 5, sql: null }), JSON.stringify({ sql: '', format: 'xml' }),
    ];
    for (let i = 0; i < 150; i++) bodies.push(JSON.stringify(Object.fromEntries(Array.from({ length: 1 + r.int(4) }, () => [r.pick(['name', 'settings', 'password', 'url', 'order', 'activeTabId', 'title', 'sql', 'connectionId', 'format', 'id']), r.pick(wrongValues(r))]))));
    for (const body of bodies) await send(method, concrete, body);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1']) {
      if (route === routes.exportRows && type === 'application/x-www-form-urlencoded') continue; // the export form's own format
      await send(method, concrete, '{"name":"x"}', type);
    }
  }
  const log = server.stdoutLines.filter((line) => /ERROR|FATAL|URIError|\n\s+at /.test(line));
  assert.deepEqual(log, [], 'no error or stack trace in the log');
  figures('malformed-rest', { requestsTried: tried, statuses: [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(','), serverErrors: 0 });
});
