// One run of a script on /ws/query, as the results panel shows it: per statement its
// columns, rows (kept in chunks, never copied as they grow), counts and timing; errors with
// their position; fetching more rows on demand.
import { decodeRowBatch, type QueryClientMessage, type QueryServerMessage, type ResultColumn } from '../../server/protocol/index.ts';
import type { ReconnectingSocket } from './reconnecting-socket.ts';

export type Cells = (string | null)[];

export interface StatementResult {
  index: number;
  start: number;
  end: number;
  columns: ResultColumn[] | null;
  /** Row batches as received; use rowAt() to read. */
  chunks: Cells[][];
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
}

const utf8 = new TextDecoder();
const FIRST_FETCH = 5000;
const MORE_FETCH = 10000;

type QuerySocket = ReconnectingSocket<QueryClientMessage, QueryServerMessage>;

export class QueryRun {
  readonly state: RunState;
  readonly #socket: QuerySocket;
  readonly #onChange: () => void;
  readonly #offMessage: () => void;
  readonly #offBinary: () => void;
  readonly #offState: () => void;

  constructor(socket: QuerySocket, request: { connectionId: string; sessionId: string; sql: string; confirmedDestructive?: boolean }, onChange: () => void) {
    this.#socket = socket;
    this.#onChange = onChange;
    const id = socket.newId();
    this.state = { id, sql: request.sql, status: 'running', statements: [], startedAt: performance.now(), elapsedMs: null, confirm: [], error: null, notice: null, version: 0 };
    this.#offMessage = socket.onMessage((m) => this.#receive(m));
    this.#offBinary = socket.onBinary((data) => this.#receive(decodeRowBatch(utf8.decode(data))));
    // The server ends a client's queries when its socket closes; say so instead of spinning.
    this.#offState = socket.subscribeState(() => {
      if (socket.state.status !== 'open' && this.running) this.#fail('The connection to the server was lost; the query was stopped.');
    });
    const sent = socket.send({
      type: 'run', id, connectionId: request.connectionId, sessionId: request.sessionId, sql: request.sql,
      fetchRows: FIRST_FETCH, batchSize: 1000, confirmedDestructive: request.confirmedDestructive ?? false,
    });
    if (!sent) this.#fail('Not connected to the server; the query was not sent.');
  }

  get running(): boolean {
    return this.state.status === 'running';
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
  }

  #receive(m: QueryServerMessage): void {
    if (!('id' in m) || m.id !== this.state.id) return;
    const s = this.state;
    switch (m.type) {
      case 'statement':
        s.statements.push({ index: m.index, start: m.start, end: m.end, columns: null, chunks: [], chunkStarts: [], rowCount: 0, waiting: false, done: false, affectedRows: null, command: null, elapsedMs: null, error: null });
        break;
      case 'columns':
        this.#statement(m.index).columns = m.columns;
        break;
      case 'rows': {
        const st = this.#statement(m.index);
        if (m.rows.length === 0) break;
        st.chunkStarts.push(st.rowCount);
        st.chunks.push(m.rows);
        st.rowCount += m.rows.length;
        break;
      }
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
  return result.chunks[low]![i - starts[low]!];
}
