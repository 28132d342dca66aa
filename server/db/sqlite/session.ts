// A query session on an SQLite file: its own connection in its own worker process, so
// session state (temp tables, transactions, PRAGMAs, ATTACH) lives there between
// statements and a statement can always be stopped.
//
// Cancel: when the worker is between batches (the consumer is reading, or paused) — or
// finishes its current batch within CANCEL_GRACE_MS — the cursor is simply dropped and
// the session keeps its state. When the worker is stuck inside SQLite (one long step: a
// sort, an aggregate, a bulk write), the process is killed and a fresh one opened for the
// session: SQLite rolls the unfinished write back, and the session loses its temp tables,
// open transaction, PRAGMA settings and attached databases — the error says so.
import { decodeRows } from '../../protocol/row-batch.ts';
import { FRAME_HEADROOM } from '../../protocol/row-batch-buffer.ts';
import type { QueryEvent } from '../driver.ts';
import { DatabaseError, QueryCancelledError } from '../errors.ts';
import { RunningStatement, SessionBase } from '../session-base.ts';
import { WorkerHost } from './worker-host.ts';
import type { OpenOptions, StatementStep, WorkerRequest } from './worker-protocol.ts';

const CANCEL_GRACE_MS = 150;
const PROCESS_DIED =
  'The SQLite session process stopped unexpectedly; its temporary tables and open transaction are gone. Run the statement again to use a new session.';
const RESTARTED =
  'Query cancelled. SQLite could only stop it by restarting the session: its temporary tables, open transaction, PRAGMA settings and attached databases are gone.';

class Running extends RunningStatement {
  /** Null until the session's worker is ready. */
  host: WorkerHost | null = null;
}

/** A packed batch as a rows event: passed on as it is, decoded only if someone reads `rows`, and not kept (as PostgreSQL's: an event holding its decoded rows made a consumer of a million rows grow by 150 MB). */
function packedRows({ bytes, count }: { bytes: Uint8Array; count: number }): QueryEvent {
  // The rows follow the headroom left for the frame's header (packed-batch.ts).
  const rows = Buffer.from(bytes.buffer, bytes.byteOffset + FRAME_HEADROOM, bytes.byteLength - FRAME_HEADROOM);
  return {
    kind: 'rows',
    packed: { bytes: rows, count, room: FRAME_HEADROOM },
    get rows() {
      return decodeRows(rows.toString('utf8'), count);
    },
  };
}

export class SqliteSession extends SessionBase<Running> {
  readonly #options: OpenOptions;
  #host: Promise<WorkerHost>;

  static async open(options: OpenOptions, onClose: () => void): Promise<SqliteSession> {
    const session = new SqliteSession(options, onClose);
    await session.#host;
    return session;
  }

  private constructor(options: OpenOptions, onClose: () => void) {
    super(onClose);
    this.#options = options;
    this.#host = WorkerHost.start('process', options);
  }

  protected startStatement(): Running {
    return new Running();
  }

  protected async *execute(running: Running, sql: string, batchSize: number): AsyncGenerator<QueryEvent> {
    let open = false; // the worker holds this statement's cursor
    try {
      const host = (running.host = await this.#liveHost());
      running.stopIfCancelled(false);
      open = true;
      let step = await this.#step(running, host, { op: 'run', sql, batchSize });
      if (step.columns) {
        yield { kind: 'columns', columns: step.columns };
        running.stopIfCancelled(step.done !== null);
      }
      for (;;) {
        if (step.packed || step.rows.length > 0) {
          yield step.packed ? packedRows(step.packed) : { kind: 'rows', rows: step.rows };
          running.stopIfCancelled(step.done !== null);
        }
        if (step.done) {
          open = false;
          yield { kind: 'done', ...step.done };
          return;
        }
        step = await this.#step(running, host, { op: 'next', batchSize });
      }
    } finally {
      // Stopped early (break, error): drop the cursor so the next statement can run.
      if (open && !running.cancelled && !running.host?.exited) await running.host?.request({ op: 'release' }).catch(() => {});
    }
  }

  protected async stop(running: Running): Promise<void> {
    const { host } = running;
    if (!host) return; // not started yet: execute() stops before starting
    const idle = await Promise.race([host.whenIdle().then(() => true), delay(CANCEL_GRACE_MS).then(() => false)]);
    if (idle) {
      await host.request({ op: 'release' }).catch(() => {});
      return;
    }
    this.#restart();
    await host.kill(new QueryCancelledError(RESTARTED));
  }

  protected async release(): Promise<void> {
    const host = await this.#host.catch(() => null);
    if (!host) return;
    if (host.busy) await host.kill();
    else await host.close();
  }

  async #step(running: Running, host: WorkerHost, request: WorkerRequest): Promise<StatementStep> {
    let step: StatementStep;
    try {
      step = await host.request<StatementStep>(request);
    } catch (error) {
      // Killed by cancel() or close(): their errors stand. Otherwise the process died.
      if (host.exited && !running.cancelled && !this.closed) {
        if ((await this.#host.catch(() => null)) === host) this.#restart();
        throw new DatabaseError(PROCESS_DIED, {}, { cause: error });
      }
      throw error;
    }
    running.stopIfCancelled(step.done !== null);
    return step;
  }

  /** The session's worker; a new one if the last one died or never started (after saying so). */
  async #liveHost(): Promise<WorkerHost> {
    let host: WorkerHost;
    try {
      host = await this.#host;
    } catch (error) {
      this.#restart();
      throw error; // e.g. the file is gone; the next run tries again
    }
    if (!host.exited) return host;
    this.#restart();
    throw new DatabaseError(PROCESS_DIED);
  }

  #restart(): void {
    this.#host = WorkerHost.start('process', this.#options);
    this.#host.catch(() => {}); // reported by the next run()
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
