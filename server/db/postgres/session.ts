// A query session: one dedicated connection, so SET, temp tables and transactions persist
// between statements. Results stream through a server-side portal (pg-cursor), read one
// fetch ahead: while the consumer handles fetch N the backend produces N+1, so the
// database and the server work in parallel; a paused consumer pauses the query after that
// one fetch. A fetch is one batch at first, then up to 16 batches within 2 MB (nextFetchRows).
// While a fetch streams, its DataRows are read off the socket as bytes (wire-tap.ts).
//
// Cancel: while a batch is being fetched, pg_cancel_backend(<this session's backend>) from
// another connection (the driver's pool) stops it, as psql's Ctrl-C does; while the
// consumer holds a batch, the backend is idle and would ignore that, so the portal is
// closed instead. Either way the connection stays open and usable.
import type { Socket } from 'node:net';
import type { Client, FieldDef } from 'pg';
import { decodeRows, type ResultColumn } from '../../protocol/index.ts';
import { FRAME_HEADROOM } from '../../protocol/row-batch-buffer.ts';
import type { QueryEvent } from '../driver.ts';
import { DatabaseError, QueryCancelledError } from '../errors.ts';
import { RunningStatement, SessionBase } from '../session-base.ts';
import { isCancelError, statementError } from './statement-errors.ts';
import { PackedRows, type PackedBatch } from './packed-rows.ts';
import { COPY_OUT_REFUSED, parseCommandTag, TaggedCursor } from './tagged-cursor.ts';
import { RAW_TEXT } from './types.ts';
import { WireTap } from './wire-tap.ts';

/** What a session needs from its driver. */
export interface SessionServices {
  /** A new connection for this session (TLS as negotiated by the driver); without TLS, on `plainSocket()`. */
  connect(plainSocket: () => Socket): Promise<Client>;
  /** Runs pg_cancel_backend(pid) on another connection. */
  cancelBackend(pid: number): Promise<void>;
  columns(fields: FieldDef[]): Promise<ResultColumn[]>;
}

interface Connection {
  client: Client;
  pid: number;
  /** Reads DataRows as bytes while a cursor streams; null if pg could not be tapped. */
  tap: WireTap | null;
  /** Why the connection broke, once it has. */
  lost: Error | null;
  /** A statement already failed because of the loss: the user has been told. */
  lossReported: boolean;
}

type RowsEvent = Extract<QueryEvent, { kind: 'rows' }>;
/** One fetch (one Execute): `count` rows of the `asked`, as batches of the consumer's size. */
type Fetch = { asked: number; count: number; bytes: number; events: RowsEvent[]; fields: FieldDef[] };

/**
 * After the first fetch (one batch, for the first rows' sake), a fetch asks for as many batches
 * as fit in FETCH_BYTES, up to MAX_BATCHES_PER_FETCH: each fetch is a round trip in which the
 * backend waits for us, and on a loaded machine each wake-up costs a scheduling delay.
 */
const FETCH_BYTES = 2 * 1024 * 1024;
const MAX_BATCHES_PER_FETCH = 16;

function nextFetchRows(last: Fetch, batchSize: number): number {
  if (last.bytes === 0) return batchSize; // not packed (no tap): pg holds the rows as strings
  const bytesPerBatch = (last.bytes * batchSize) / last.count;
  return batchSize * Math.max(1, Math.min(MAX_BATCHES_PER_FETCH, Math.floor(FETCH_BYTES / bytesPerBatch)));
}

class Running extends RunningStatement {
  /** Null until the statement has been sent. */
  connection: Connection | null = null;
  cursor: TaggedCursor | null = null;
  /** A batch is being fetched: the backend is executing. */
  reading = false;
  /** The cursor failed; pg-cursor has already resynchronised the connection. */
  failed = false;
}

async function openConnection(services: SessionServices): Promise<Connection> {
  let tap: WireTap | null = null;
  const client = await services.connect(() => {
    const plain = WireTap.plainSocket();
    tap = plain.tap;
    return plain.socket;
  });
  const connection: Connection = { client, pid: 0, tap, lost: null, lossReported: false };
  // Without these listeners a dropped connection would be an uncaught 'error' event.
  client.on('error', (error) => (connection.lost ??= error));
  client.on('end', () => (connection.lost ??= new Error('the server closed the connection')));
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  connection.pid = rows[0]!.pid;
  connection.tap ??= WireTap.attach(client); // TLS: tapped now that it is idle (no message half-read)
  return connection;
}

export class PostgresSession extends SessionBase<Running> {
  readonly #services: SessionServices;
  #connection: Connection | null;

  static async open(services: SessionServices, onClose: () => void): Promise<PostgresSession> {
    return new PostgresSession(services, onClose, await openConnection(services));
  }

  private constructor(services: SessionServices, onClose: () => void, connection: Connection) {
    super(onClose);
    this.#services = services;
    this.#connection = connection;
  }

  protected startStatement(): Running {
    return new Running();
  }

  protected async *execute(running: Running, sql: string, batchSize: number): AsyncGenerator<QueryEvent> {
    let ahead: Promise<Fetch> | null = null;
    try {
      const connection = (running.connection = await this.#liveConnection());
      running.stopIfCancelled(false);
      if (connection.tap) connection.tap.sink = new PackedRows(batchSize);
      const cursor = (running.cursor = connection.client.query(new TaggedCursor(sql, RAW_TEXT, () => this.#stopBackend(connection.pid))));
      let fetch = await this.#read(running, batchSize, sql);
      // A short fetch means the portal ran to completion.
      const completed = () => fetch.count < fetch.asked;
      if (fetch.fields.length > 0) {
        yield { kind: 'columns', columns: await this.#services.columns(fetch.fields) };
        running.stopIfCancelled(completed());
      }
      let rowCount = 0;
      for (;;) {
        const more = !completed();
        if (more) {
          ahead = this.#read(running, nextFetchRows(fetch, batchSize), sql);
          ahead.catch(() => {}); // its error surfaces when awaited below
        }
        for (const event of fetch.events) {
          rowCount += event.packed?.count ?? event.rows.length;
          yield event;
          running.stopIfCancelled(completed());
        }
        if (!more) break;
        fetch = await ahead!;
        ahead = null;
      }
      yield { kind: 'done', rowCount, ...parseCommandTag(cursor.commandTag) };
    } finally {
      // Stopped early with a fetch still running: let it end — cut short by a cancel, unless
      // the session is inside a transaction block, which a cancel would abort (the user's
      // BEGIN … would be lost for a result they merely stopped reading); there the fetch
      // (a bounded number of rows) is read to its end and dropped.
      if (ahead) {
        const connection = running.connection;
        if (running.reading && connection && !connection.tap?.inTransaction) await this.#stopBackend(connection.pid);
        await ahead.catch(() => {});
      }
      // Stopped early: close the portal (it may hold locks inside a transaction).
      if (running.cursor && !running.failed && !running.connection?.lost) await running.cursor.close().catch(() => {});
      if (running.connection?.tap) running.connection.tap.sink = null;
    }
  }

  protected async stop(running: Running): Promise<void> {
    const { connection, cursor } = running;
    if (!connection || !cursor) return; // not sent yet: execute() stops before sending it
    await (running.reading ? this.#stopBackend(connection.pid) : cursor.close().catch(() => {}));
  }

  /** pg_cancel_backend from another connection. */
  #stopBackend(pid: number): Promise<void> {
    return this.interrupt(() => this.#services.cancelBackend(pid));
  }

  protected async release(): Promise<void> {
    const connection = this.#connection;
    this.#connection = null;
    // Ending the connection rolls back an open transaction on the server.
    if (connection) await connection.client.end().catch(() => {});
  }

  #read(running: Running, rows: number, sql: string): Promise<Fetch> {
    const connection = running.connection!;
    const cursor = running.cursor!;
    running.reading = true;
    return new Promise((resolve, reject) => {
      cursor.read(rows, (error, batch, result) => {
        running.reading = false;
        if (error) {
          running.failed = true;
          if (connection.lost) connection.lossReported = true;
          if (cursor.copyingOut) reject(new DatabaseError(COPY_OUT_REFUSED));
          else reject(running.cancelled && isCancelError(error) ? new QueryCancelledError() : statementError(error, sql));
        } else if (cursor.copyingOut) {
          reject(new DatabaseError(COPY_OUT_REFUSED)); // finished before the cancel landed
        } else {
          // Rows came either through the tap (packed) or through pg (strings), never both.
          const sink = connection.tap?.sink;
          const bytes = sink?.bytes ?? 0;
          const packed = sink?.take() ?? [];
          const count = batch.length + packed.reduce((sum, b) => sum + b.count, 0);
          const events = batch.length > 0 ? [{ kind: 'rows' as const, rows: batch }] : packed.map(rowsEvent);
          if (running.cancelled && count === rows) reject(new QueryCancelledError()); // more rows were coming
          else resolve({ asked: rows, count, bytes, events, fields: result.fields });
        }
      });
    });
  }

  /** The session's connection; after a loss, a new one (telling the user once). */
  async #liveConnection(): Promise<Connection> {
    const connection = this.#connection;
    if (connection && !connection.lost) return connection;
    this.#connection = null;
    if (connection) {
      connection.client.end().catch(() => {});
      if (!connection.lossReported) {
        throw new DatabaseError(
          `The connection to the server was lost (${connection.lost!.message}). Any open transaction was rolled back and session settings are gone; the next statement runs on a new connection.`,
        );
      }
    }
    this.#connection = await openConnection(this.#services);
    return this.#connection;
  }
}

/**
 * A packed batch as a rows event: its bytes go into the frame as they are; `rows` is decoded
 * only if read, and not kept: a consumer that decoded every batch (the contract test's
 * million rows) grew the heap by 150 MB when each event held on to its decoded rows, 30 MB
 * without (the query endpoint never reads them).
 */
function rowsEvent(packed: PackedBatch): RowsEvent {
  if (packed.bytes === null) return { kind: 'rows', rows: packed.rows };
  const { bytes, count } = packed;
  return {
    kind: 'rows',
    packed: { bytes, count, room: FRAME_HEADROOM },
    get rows() {
      return decodeRows(bytes.toString('utf8'), count);
    },
  };
}
