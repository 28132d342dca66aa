// One run of a script on /ws/query, as the results panel shows it: per statement its
// columns, rows (kept in chunks, never copied as they grow), counts and timing; errors with
// their position; fetching more rows on demand.
import { type QueryClientMessage, type QueryServerMessage, type ResultColumn } from '../../server/protocol/index.ts';
import type { ReconnectingSocket } from './reconnecting-socket.ts';
import { ArrayChunk, PackedChunk, type Cells, type RowChunk } from './row-chunks.ts';
import { readFrame, type RowFrame } from './row-frames.ts';

export type { Cells };

export interface StatementResult {
  index: number;
  start: number;
  end: number;
  columns: ResultColumn[] | null;
  /** Row batches as received; use rowAt() / cellAt() to read. */
  chunks: RowChunk[];
  /** The index of each chunk's first row, ascending: rowAt() finds a row's chunk by binary search. */
  chunkStarts: number[];
  rowCount: number;
  /** The server paused: more rows can be fetched. */
  waiting: boolean;
  done: boolean;
  affectedRows: number | null;
  command: string | null;
  elapsedMs: number | null;
  error: { message: string; position: number | null; code: string | null } | null;
  /** About how much memory the rows take (for the per-tab bound on kept results). */
  bytes: number;
  /** Rows dropped to keep the tab's results within their bound, after the first rowCount. */
  droppedRows: number;
}

/** A result sorted by the database: the statement was re-run with ORDER BY (the result was partial). */
export interface ServerSort {
  /** The statement as the user wrote it, to re-run unsorted or by another column. */
  statement: string;
  column: number;
  direction: 'asc' | 'desc';
}

export type RunStatus = 'running' | 'confirm' | 'done' | 'failed' | 'cancelled';

export interface RunState {
  id: string;
  sql: string;
  status: RunStatus;
  statements: StatementResult[];
  startedAt: number;
  elapsedMs: number | null;
  /** For status 'confirm': what the guard found. */
  confirm: { index: number; start: number; end: number; reason: string }[];
  /** A failure outside a statement (not connected, session busy…). */
  error: string | null;
  /** Something the user should know that is not a failure, e.g. the tab's session state was lost. */
  notice: string | null;
  /** Bumped on every change, for React to notice in-place updates. */
  version: number;
  /** Set when this run is a server-side sort of a statement. */
  sort: ServerSort | null;
}

/** A row's cost beyond its text: its cells' ends (packed), or the array and a string per cell (JSON). */
const ROW_OVERHEAD = 16;
const CELL_OVERHEAD = 24;
const FIRST_FETCH = 5000;
const MORE_FETCH = 10000;
/**
 * Rows per frame. Each frame costs the browser a message event and a decode whatever its
 * size, so a thousand 1,000-row frames took far longer than two hundred 5,000-row ones
 * (bench/browser-grid.ts); the database sends a batch of that size in a few milliseconds.
 */
const BATCH_ROWS = 5000;

type QuerySocket = ReconnectingSocket<QueryClientMessage, QueryServerMessage>;

export class QueryRun {
  readonly state: RunState;
  readonly #socket: QuerySocket;
  readonly #offMessage: () => void;
  readonly #offBinary: () => void;
  readonly #offState: () => void;
  #onChange: () => void;
  #finish!: () => void;
  /** Resolves once the run is over (done, failed, cancelled, or waiting for confirmation). */
  readonly finished = new Promise<void>((resolve) => (this.#finish = resolve));

  constructor(socket: QuerySocket, request: { connectionId: string; sessionId: string; sql: string; confirmedDestructive?: boolean; sort?: ServerSort }, onChange: () => void) {
    this.#socket = socket;
    this.#onChange = onChange;
    const id = socket.newId();
    this.state = { id, sql: request.sql, status: 'running', statements: [], startedAt: performance.now(), elapsedMs: null, confirm: [], error: null, notice: null, version: 0, sort: request.sort ?? null };
    this.#offMessage = socket.onMessage((m) => this.#receive(m));
    this.#offBinary = socket.onBinary((data) => this.#receiveFrame(data));
    // The server ends a client's queries when its socket closes; say so instead of spinning.
    this.#offState = socket.subscribeState(() => {
      if (socket.state.status !== 'open' && this.running) this.#fail('The connection to the server was lost; the query was stopped.');
    });
    const sent = socket.send({
      type: 'run', id, connectionId: request.connectionId, sessionId: request.sessionId, sql: request.sql,
      fetchRows: FIRST_FETCH, batchSize: BATCH_ROWS, confirmedDestructive: request.confirmedDestructive ?? false,
    });
    if (!sent) this.#fail('Not connected to the server; the query was not sent.');
  }

  get running(): boolean {
    return this.state.status === 'running';
  }

  /** Running, but the server holds the cursor until more rows are asked for. */
  get paused(): boolean {
    return this.running && this.state.statements.some((s) => s.waiting);
  }

  /** Who hears about changes (the page that shows the run; it changes when the page comes back). */
  set onChange(listener: () => void) {
    this.#onChange = listener;
  }

  /** About how much memory the run's rows take. */
  get bytes(): number {
    return this.state.statements.reduce((sum, s) => sum + s.bytes, 0);
  }

  /**
   * Drops rows until the run's results fit in `budget` bytes: the earlier statements' rows
   * first, then the tail of the last one (its first rows stay). Only a finished run: a
   * running one would append after rows it no longer has.
   */
  trimTo(budget: number): void {
    if (this.running || this.bytes <= budget) return;
    let excess = this.bytes - budget;
    for (const st of this.state.statements) {
      while (excess > 0 && st.chunks.length > 0) {
        const last = st.chunks.length - 1;
        const dropped = st.chunks[last]!.length;
        const share = st.rowCount > 0 ? (st.bytes * dropped) / st.rowCount : 0;
        st.chunks.pop();
        st.chunkStarts.pop();
        st.rowCount -= dropped;
        st.droppedRows += dropped;
        st.bytes -= share;
        excess -= share;
      }
      if (excess <= 0) break;
    }
    this.#changed();
  }

  cancel(): void {
    if (this.running) this.#socket.send({ type: 'cancel', id: this.state.id });
  }

  /** Asks for more rows of the statement that is waiting. */
  fetchMore(rows = MORE_FETCH): void {
    const waiting = this.state.statements.find((s) => s.waiting);
    if (!waiting || !this.running) return;
    waiting.waiting = false;
    this.#socket.send({ type: 'more', id: this.state.id, rows });
    this.#changed();
  }

  dispose(): void {
    this.#offMessage();
    this.#offBinary();
    this.#offState();
    this.#finish();
  }

  /** A binary row batch: kept as its bytes, read when its cells are (row-frames.ts, row-chunks.ts). */
  #receiveFrame(data: ArrayBuffer): void {
    let frame: RowFrame;
    try {
      frame = readFrame(data);
    } catch {
      this.#fail('A batch of rows could not be read; the query was stopped.');
      return;
    }
    // Every run on the page hears every frame: only this run's own are kept.
    if (frame.header.id !== this.state.id) return;
    const st = this.#statement(frame.header.index);
    this.#append(st, new PackedChunk(frame.payload, frame.header.count, st.columns?.length ?? 0), frame.bytes);
    this.#changed();
  }

  #append(st: StatementResult, chunk: RowChunk, bytes: number): void {
    if (chunk.length === 0) return;
    st.chunkStarts.push(st.rowCount);
    st.chunks.push(chunk);
    st.rowCount += chunk.length;
    st.bytes += bytes + chunk.length * ROW_OVERHEAD;
  }

  #receive(m: QueryServerMessage): void {
    if (!('id' in m) || m.id !== this.state.id) return;
    const s = this.state;
    switch (m.type) {
      case 'statement':
        s.statements.push({ index: m.index, start: m.start, end: m.end, columns: null, chunks: [], chunkStarts: [], rowCount: 0, waiting: false, done: false, affectedRows: null, command: null, elapsedMs: null, error: null, bytes: 0, droppedRows: 0 });
        break;
      case 'columns':
        this.#statement(m.index).columns = m.columns;
        break;
      case 'rows':
        if (m.rows.length) this.#append(this.#statement(m.index), new ArrayChunk(m.rows), textBytes(m.rows) + m.rows.length * m.rows[0]!.length * CELL_OVERHEAD);
        break;
      case 'waiting':
        this.#statement(m.index).waiting = true;
        break;
      case 'statement_done': {
        const st = this.#statement(m.index);
        Object.assign(st, { done: true, waiting: false, rowCount: m.rowCount, affectedRows: m.affectedRows, command: m.command, elapsedMs: m.elapsedMs });
        break;
      }
      case 'query_error': {
        const st = this.#statement(m.index);
        st.error = { message: m.message, position: m.position, code: m.code };
        st.done = true;
        s.status = 'failed';
        break;
      }
      case 'confirm':
        s.status = 'confirm';
        s.confirm = m.statements;
        s.elapsedMs = 0;
        this.dispose();
        break;
      case 'session_reset':
        s.notice = m.message;
        break;
      case 'query_done':
        for (const st of s.statements) st.waiting = false;
        if (s.status === 'running') s.status = m.cancelled ? 'cancelled' : 'done';
        s.elapsedMs = m.elapsedMs;
        this.dispose();
        break;
      case 'error':
        this.#fail(m.message);
        return;
      default:
        return;
    }
    this.#changed();
  }

  #fail(message: string): void {
    this.state.status = 'failed';
    this.state.error = message;
    this.state.elapsedMs = performance.now() - this.state.startedAt;
    this.dispose();
    this.#changed();
  }

  #statement(index: number): StatementResult {
    return this.state.statements.find((st) => st.index === index)!;
  }

  #changed(): void {
    this.state.version++;
    this.#onChange();
  }
}

function textBytes(rows: Cells[]): number {
  let bytes = 0;
  for (const row of rows) for (const cell of row) bytes += cell?.length ?? 0;
  return bytes;
}

/**
 * Reads row `i` of a statement's chunked rows in O(log chunks): the grid asks for every
 * visible row on every render, and a million rows are a thousand chunks.
 */
export function rowAt(result: StatementResult, i: number): Cells | undefined {
  const starts = result.chunkStarts;
  if (!Number.isInteger(i) || i < 0 || starts.length === 0) return undefined;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (starts[mid]! <= i) low = mid;
    else high = mid - 1;
  }
  const chunk = result.chunks[low]!;
  const at = i - starts[low]!;
  return at < chunk.length ? chunk.row(at) : undefined;
}

/** One cell, without building its row (sorting reads a column of every row). */
export function cellAt(result: StatementResult, i: number, column: number): string | null | undefined {
  const starts = result.chunkStarts;
  if (i < 0 || i >= result.rowCount || starts.length === 0) return undefined;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (starts[mid]! <= i) low = mid;
    else high = mid - 1;
  }
  return result.chunks[low]!.cell(i - starts[low]!, column);
}
