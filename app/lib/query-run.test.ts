// One run of a script as the results panel sees it, over a real ReconnectingSocket to a
// real websocket server that answers in /ws/query's protocol — JSON messages from
// server/protocol and row batches as the binary frames the server sends (row-batch.ts).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { encodeRowBatch, encodeRows, type QueryClientMessage, type QueryServerMessage } from '../../server/protocol/index.ts';
import { installBrowserPage, until, WsPeer } from '../testing/browser.ts';
import { ArrayChunk, PackedChunk } from './row-chunks.ts';
import { cellAt, QueryRun, rowAt, type Cells, type StatementResult } from './query-run.ts';
import { ReconnectingSocket } from './reconnecting-socket.ts';

let peer: WsPeer;
let socket: ReconnectingSocket<QueryClientMessage, QueryServerMessage>;

before(async () => {
  peer = await WsPeer.start();
  installBrowserPage(peer.origin);
});
beforeEach(async () => {
  socket?.close();
  peer.accepting = true;
  peer.received.length = 0;
  socket = new ReconnectingSocket('/ws/query');
  await until(() => socket.state.status === 'open', 'the socket to open');
});
after(async () => {
  socket?.close();
  await peer.close();
});

/** Starts a run and waits for the server side to receive it; `changes` counts onChange calls. */
async function start(sql = 'SELECT 1') {
  const counter = { changes: 0 };
  const run = new QueryRun(socket, { connectionId: 'c1', sessionId: 'tab-1', sql }, () => counter.changes++);
  const request = await peer.next((m) => m.type === 'run' && m.id === run.state.id);
  return { run, request, counter, id: run.state.id };
}

/** Sends server messages in order, then waits until the run has taken in the last. */
async function serve(run: QueryRun, messages: (QueryServerMessage | string)[]) {
  const version = run.state.version;
  for (const message of messages) await peer.send(message);
  await until(() => run.state.version >= version + messages.length, 'the run to take in every message');
}

/** Rows `from`… as the server would send them: an id, and a name that is NULL now and then. */
function batch(from: number, count: number): (string | null)[][] {
  return Array.from({ length: count }, (_, i) => [String(from + i), (from + i) % 7 === 0 ? null : `name ${from + i}`]);
}

test('the run request carries the script, the tab\'s session and the first fetch size', async () => {
  const { request, run } = await start('SELECT * FROM t');
  assert.deepEqual(request, { type: 'run', id: run.state.id, connectionId: 'c1', sessionId: 'tab-1', sql: 'SELECT * FROM t', fetchRows: 5000, batchSize: 5000, confirmedDestructive: false });
  assert.equal(run.state.status, 'running');
  assert.ok(run.running);
  run.dispose();
});

test('statements, columns and rows from binary frames and JSON batches; rowAt reads across chunks', async () => {
  const { run, id, counter } = await start('SELECT id, name FROM t; UPDATE t SET x = 1');
  const sizes = [1000, 1, 999, 250];
  const messages: (QueryServerMessage | string)[] = [
    { type: 'statement', id, index: 0, start: 0, end: 22 },
    { type: 'columns', id, index: 0, columns: [{ name: 'id', type: 'int4', numeric: true }, { name: 'name', type: 'text', numeric: false }] },
  ];
  let from = 0;
  for (const size of sizes) {
    messages.push(encodeRowBatch(id, 0, batch(from, size))!);
    from += size;
  }
  // A cell holding a reserved separator: the server sends that batch as JSON instead.
  messages.push({ type: 'rows', id, index: 0, rows: [[String(from), 'tab\x1fseparated']] });
  messages.push({ type: 'statement_done', id, index: 0, rowCount: from + 1, affectedRows: null, command: 'SELECT', elapsedMs: 12 });
  messages.push({ type: 'statement', id, index: 1, start: 24, end: 42 });
  messages.push({ type: 'statement_done', id, index: 1, rowCount: 0, affectedRows: 7, command: 'UPDATE', elapsedMs: 3 });
  messages.push({ type: 'query_done', id, elapsedMs: 20, statements: 2, cancelled: false });
  await serve(run, messages);

  const [select, update] = run.state.statements as [StatementResult, StatementResult];
  assert.deepEqual(select.columns!.map((c) => c.name), ['id', 'name']);
  assert.equal(select.rowCount, 2251);
  assert.equal(select.chunks.length, 5, 'batches are kept as received, never copied into one array');
  for (const i of [0, 7, 999, 1000, 1001, 1999, 2000, 2249]) assert.deepEqual(rowAt(select, i), batch(i, 1)[0], `row ${i}`);
  assert.deepEqual(rowAt(select, 2250), ['2250', 'tab\x1fseparated']);
  for (const i of [2251, -1, 1.5, Number.NaN]) assert.equal(rowAt(select, i), undefined, `row ${i}`);
  assert.deepEqual({ done: select.done, command: select.command, elapsedMs: select.elapsedMs }, { done: true, command: 'SELECT', elapsedMs: 12 });
  assert.deepEqual({ affectedRows: update.affectedRows, command: update.command, rows: rowAt(update, 0) }, { affectedRows: 7, command: 'UPDATE', rows: undefined });
  assert.equal(run.state.status, 'done');
  assert.equal(run.state.elapsedMs, 20);
  assert.equal(run.running, false);
  assert.equal(counter.changes, run.state.version);

  // Done: the run no longer listens.
  const version = run.state.version;
  await peer.send({ type: 'statement', id, index: 2, start: 0, end: 1 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(run.state.version, version);
  assert.equal(run.state.statements.length, 2);
});

test('rowAt agrees with a flat array for every row, whatever the chunk sizes', () => {
  const result: StatementResult = { index: 0, start: 0, end: 0, columns: [], chunks: [], chunkStarts: [], rowCount: 0, waiting: false, done: true, affectedRows: null, command: null, elapsedMs: null, error: null, bytes: 0, droppedRows: 0 };
  const flat: Cells[] = [];
  let seed = 7;
  for (let chunk = 0; chunk < 200; chunk++) {
    seed = (seed * 48271) % 2147483647;
    const size = 1 + (seed % 40);
    const rowsOfChunk = Array.from({ length: size }, (_, i) => [String(flat.length + i)]);
    result.chunkStarts.push(flat.length);
    result.chunks.push(chunk % 2 ? new ArrayChunk(rowsOfChunk) : PackedChunk.from(encodeRows(rowsOfChunk)!, rowsOfChunk.length, 1));
    flat.push(...rowsOfChunk);
  }
  result.rowCount = flat.length;
  for (let i = 0; i < flat.length; i++) {
    assert.deepEqual(rowAt(result, i), flat[i]);
    assert.equal(cellAt(result, i, 0), flat[i]![0]);
  }
  assert.equal(rowAt(result, flat.length), undefined);
});

test('paused after the first rows: fetchMore asks for the next ones', async () => {
  const { run, id } = await start();
  await serve(run, [
    { type: 'statement', id, index: 0, start: 0, end: 8 },
    encodeRowBatch(id, 0, batch(0, 5000))!,
    { type: 'waiting', id, index: 0, rowCount: 5000 },
  ]);
  assert.equal(run.state.statements[0]!.waiting, true);
  run.fetchMore();
  assert.equal(run.state.statements[0]!.waiting, false, 'the grid stops asking while the request is on its way');
  assert.deepEqual(await peer.next((m) => m.type === 'more'), { type: 'more', id, rows: 10000 });
  run.fetchMore(); // nothing is waiting now: nothing is sent
  await serve(run, [{ type: 'query_done', id, elapsedMs: 5, statements: 1, cancelled: false }]);
  assert.equal(peer.received.filter((m) => m.type === 'more').length, 1);
});

test('paused: the run says so, and cancelling it ends the run (finished resolves)', async () => {
  const { run, id } = await start();
  await serve(run, [
    { type: 'statement', id, index: 0, start: 0, end: 8 },
    encodeRowBatch(id, 0, batch(0, 5000))!,
    { type: 'waiting', id, index: 0, rowCount: 5000 },
  ]);
  assert.equal(run.paused, true);
  run.cancel();
  assert.deepEqual(await peer.next((m) => m.type === 'cancel' && m.id === id), { type: 'cancel', id });
  let finished = false;
  void run.finished.then(() => (finished = true));
  await serve(run, [{ type: 'query_done', id, elapsedMs: 5, statements: 1, cancelled: true }]);
  await until(() => finished, 'finished to resolve');
  assert.equal(run.paused, false);
  assert.equal(run.state.statements[0]!.rowCount, 5000, 'the rows already shown stay');
});

test('a finished run keeps its results within a byte budget, dropping earlier statements first, then the tail', async () => {
  const { run, id } = await start('SELECT a; SELECT b');
  await serve(run, [
    { type: 'statement', id, index: 0, start: 0, end: 8 },
    encodeRowBatch(id, 0, batch(0, 1000))!,
    { type: 'statement_done', id, index: 0, rowCount: 1000, affectedRows: null, command: 'SELECT', elapsedMs: 1 },
    { type: 'statement', id, index: 1, start: 10, end: 18 },
    ...[0, 1000, 2000, 3000].map((from) => encodeRowBatch(id, 1, batch(from, 1000))!),
    { type: 'statement_done', id, index: 1, rowCount: 4000, affectedRows: null, command: 'SELECT', elapsedMs: 1 },
    { type: 'query_done', id, elapsedMs: 5, statements: 2, cancelled: false },
  ]);
  const [first, second] = run.state.statements as [StatementResult, StatementResult];
  const perStatementRow = second.bytes / 4000;
  assert.ok(perStatementRow > 15 && perStatementRow < 200, `${perStatementRow} bytes a row`);
  run.trimTo(run.bytes); // fits: nothing changes
  assert.equal(first.rowCount + second.rowCount, 5000);
  run.trimTo(second.bytes / 2);
  assert.deepEqual([first.rowCount, first.droppedRows], [0, 1000]);
  assert.deepEqual([second.rowCount, second.droppedRows], [2000, 2000]);
  assert.deepEqual(rowAt(second, 1999), batch(1999, 1)[0]);
  assert.equal(rowAt(second, 2000), undefined);
});

test('an error marks its statement with the position and code, and fails the run', async () => {
  const { run, id } = await start('SELECT 1;\nSELEC 2');
  await serve(run, [
    { type: 'statement', id, index: 0, start: 0, end: 8 },
    { type: 'statement_done', id, index: 0, rowCount: 1, affectedRows: null, command: 'SELECT', elapsedMs: 1 },
    { type: 'statement', id, index: 1, start: 10, end: 17 },
    { type: 'query_error', id, index: 1, message: 'syntax error at or near "SELEC"', position: 10, code: '42601' },
    { type: 'query_done', id, elapsedMs: 4, statements: 2, cancelled: false },
  ]);
  assert.equal(run.state.status, 'failed');
  assert.deepEqual(run.state.statements[1]!.error, { message: 'syntax error at or near "SELEC"', position: 10, code: '42601' });
  assert.equal(run.state.statements[1]!.done, true);
});

test('the destructive guard: nothing ran, and the run says what to confirm', async () => {
  const { run, id } = await start('DELETE FROM t');
  const statements = [{ index: 0, start: 0, end: 13, reason: 'DELETE without WHERE' }];
  await serve(run, [{ type: 'confirm', id, statements }]);
  assert.equal(run.state.status, 'confirm');
  assert.deepEqual(run.state.confirm, statements);
  assert.equal(run.running, false);
});

test('cancel: the server is asked to stop, and the run ends as cancelled', async () => {
  const { run, id } = await start();
  await serve(run, [{ type: 'statement', id, index: 0, start: 0, end: 8 }]);
  run.cancel();
  assert.deepEqual(await peer.next((m) => m.type === 'cancel'), { type: 'cancel', id });
  await serve(run, [{ type: 'query_done', id, elapsedMs: 900, statements: 1, cancelled: true }]);
  assert.equal(run.state.status, 'cancelled');
});

test('messages of another run are not this run\'s', async () => {
  const { run, id } = await start();
  const other = await start();
  await serve(other.run, [{ type: 'statement', id: other.id, index: 0, start: 0, end: 1 }, encodeRowBatch(other.id, 0, batch(0, 3))!]);
  assert.equal(run.state.statements.length, 0);
  assert.equal(other.run.state.statements[0]!.rowCount, 3);
  await serve(run, [{ type: 'error', id, code: 'session_busy', message: 'A query is already running in this tab; stop it or wait for it to finish.' }]);
  assert.equal(run.state.status, 'failed');
  assert.equal(run.state.error, 'A query is already running in this tab; stop it or wait for it to finish.');
  assert.equal(other.run.state.status, 'running');
  other.run.dispose();
});

test('a lost connection ends the run with a message instead of spinning', async () => {
  const { run } = await start();
  (await peer.client()).terminate();
  await until(() => run.state.status === 'failed', 'the run to fail');
  assert.match(run.state.error!, /connection to the server was lost/);
});

test('not connected: nothing is sent and the run says so', () => {
  peer.accepting = false;
  socket.close();
  const run = new QueryRun(socket, { connectionId: 'c1', sessionId: 'tab-1', sql: 'SELECT 1' }, () => {});
  assert.equal(run.state.status, 'failed');
  assert.match(run.state.error!, /Not connected/);
});
