// A query session: one dedicated connection, so USE, variables, temporary tables and
// transactions persist between statements. Results stream through ResultReader (one batch
// ahead, the connection paused while the consumer holds a batch).
//
// Cancel is KILL QUERY <this session's thread id>, sent from another connection (the
// driver's pool), as the mariadb client's Ctrl-C does: the statement ends with "Query
// execution was interrupted" and the connection stays open. A KILL is only sent while this
// session's statement is still running on the server, and the next statement waits until
// the KILL has been delivered (SessionBase.interrupt), so it can never hit a later one.
import type { Connection } from 'mysql2';
import type { QueryEvent } from '../driver.ts';
import { DatabaseError, QueryCancelledError } from '../errors.ts';
import { RunningStatement, SessionBase } from '../session-base.ts';
import { decodeRows } from '../../protocol/index.ts';
import { FRAME_HEADROOM } from '../../protocol/row-batch-buffer.ts';
import type { PackedBatch } from './packed-rows.ts';
import { ResultReader } from './result-reader.ts';
import { commandOf, isFatal, isInterrupted, statementError } from './statement-errors.ts';
import { resultColumns } from './types.ts';

/** What a session needs from its driver. */
export interface SessionServices {
  /** A new connection for this session (TLS as negotiated by the driver). */
  connect(): Promise<Connection>;
  /** Runs KILL QUERY <threadId> on another connection. */
  killQuery(threadId: number): Promise<void>;
}

interface Link {
  connection: Connection;
  threadId: number;
  /** Why the connection broke, once it has. */
  lost: Error | null;
  /** A statement already failed because of the loss: the user has been told. */
  lossReported: boolean;
  /** The statement reading now, told when the connection breaks. */
  reader: ResultReader | null;
}

class Running extends RunningStatement {
  link: Link | null = null;
  reader: ResultReader | null = null;
  /** The KILL QUERY sent for this statement (at most one). */
  killing: Promise<void> | null = null;
}

/** A batch as a rows event; packed bytes are decoded only if someone reads `rows`, and not kept (see postgres/session.ts). */
function rowsEvent(batch: PackedBatch): QueryEvent {
  const { bytes, count } = batch;
  if (bytes === null) return { kind: 'rows', rows: batch.rows };
  return {
    kind: 'rows',
    packed: { bytes, count, room: FRAME_HEADROOM },
    get rows() {
      return decodeRows(bytes.toString('utf8'), count);
    },
  };
}

async function openLink(services: SessionServices): Promise<Link> {
  const connection = await services.connect();
  const link: Link = { connection, threadId: connection.threadId ?? 0, lost: null, lossReported: false, reader: null };
  const lose = (error: Error) => {
    link.lost ??= error;
    link.reader?.fail(error);
  };
  // Without these listeners a dropped connection would be an uncaught 'error' event.
  connection.on('error', lose);
  connection.on('end', () => lose(new Error('the server closed the connection')));
  return link;
}

export class MysqlSession extends SessionBase<Running> {
  readonly #services: SessionServices;
  #link: Link | null;

  static async open(services: SessionServices, onClose: () => void): Promise<MysqlSession> {
    return new MysqlSession(services, onClose, await openLink(services));
  }

  private constructor(services: SessionServices, onClose: () => void, link: Link) {
    super(onClose);
    this.#services = services;
    this.#link = link;
  }

  protected startStatement(): Running {
    return new Running();
  }

  protected async *execute(running: Running, sql: string, batchSize: number): AsyncGenerator<QueryEvent> {
    const link = (running.link = await this.#liveLink());
    running.stopIfCancelled(false);
    const reader = (running.reader = link.reader = new ResultReader(link.connection, sql, batchSize));
    try {
      let rowCount = 0;
      for (;;) {
        const event = await this.#next(running, sql);
        if (event.kind === 'fields') {
          yield { kind: 'columns', columns: resultColumns(event.fields) };
          running.stopIfCancelled(reader.ended);
        } else if (event.kind === 'rows') {
          rowCount += event.batch.count;
          yield rowsEvent(event.batch);
          running.stopIfCancelled(event.last);
        } else {
          const { command, counts } = commandOf(sql);
          yield { kind: 'done', rowCount, affectedRows: counts && event.header ? event.header.affectedRows : null, command };
          return;
        }
      }
    } finally {
      // Stopped early (cancel, break, error in the consumer) with the statement still running.
      if (!reader.ended && !link.lost) {
        await (running.killing ??= this.#kill(link));
        await reader.drain();
      }
      link.reader = null;
    }
  }

  async #next(running: Running, sql: string) {
    const link = running.link!;
    try {
      return await running.reader!.next();
    } catch (error) {
      if (link.lost || isFatal(error)) {
        link.lost ??= error as Error;
        link.lossReported = true;
      }
      if (running.cancelled && isInterrupted(error)) throw new QueryCancelledError();
      throw statementError(error, sql);
    }
  }

  protected async stop(running: Running): Promise<void> {
    const { link, reader } = running;
    if (!link || !reader || reader.ended) return; // not sent yet, or already finished: nothing runs on the server
    await (running.killing ??= this.#kill(link));
  }

  #kill(link: Link): Promise<void> {
    return this.interrupt(() => this.#services.killQuery(link.threadId));
  }

  protected async release(): Promise<void> {
    const link = this.#link;
    this.#link = null;
    if (!link) return;
    // Closing the connection rolls back an open transaction on the server.
    await new Promise<void>((resolve) => {
      if (link.lost) {
        link.connection.destroy();
        return resolve();
      }
      link.connection.end(() => resolve());
      setTimeout(() => {
        link.connection.destroy();
        resolve();
      }, 2000).unref();
    });
  }

  /** The session's connection; after a loss, a new one (telling the user once). */
  async #liveLink(): Promise<Link> {
    const link = this.#link;
    if (link && !link.lost) return link;
    this.#link = null;
    if (link) {
      link.connection.destroy();
      if (!link.lossReported) {
        throw new DatabaseError(
          `The connection to the server was lost (${link.lost!.message}). Any open transaction was rolled back and session variables and temporary tables are gone; the next statement runs on a new connection.`,
        );
      }
    }
    this.#link = await openLink(this.#services);
    return this.#link;
  }
}
