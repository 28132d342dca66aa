// What every engine's query session shares, so each engine writes only how it runs and
// stops a statement:
// - one statement at a time: run() refuses a second while the first is in flight;
// - cancel() marks the running statement and asks the engine to stop it; a cancel that
//   arrives after the statement completed changes nothing (RunningStatement.stopIfCancelled),
//   and an out-of-band stop signal (pg_cancel_backend, KILL QUERY) sent late cannot hit the
//   next statement, which waits for it (interrupt());
// - close() runs once, and tells the driver's OpenSessions.
import type { QueryEvent, QuerySession, RunOptions } from './driver.ts';
import { DatabaseError, QueryCancelledError } from './errors.ts';

/** The statement a session is running; engines extend it with what they need to stop it. */
export class RunningStatement {
  cancelled = false;

  /**
   * Throws QueryCancelledError when the statement was cancelled and had more to do. Once it
   * has completed (its last batch read), a cancel changes nothing and the result stands.
   */
  stopIfCancelled(completed: boolean): void {
    if (this.cancelled && !completed) throw new QueryCancelledError();
  }
}

export abstract class SessionBase<S extends RunningStatement> implements QuerySession {
  readonly #onClose: () => void;
  #running: S | null = null;
  #interrupting: Promise<void> | null = null;
  #closed = false;

  protected constructor(onClose: () => void) {
    this.#onClose = onClose;
  }

  protected get closed(): boolean {
    return this.#closed;
  }

  async *run(sql: string, options: RunOptions): AsyncGenerator<QueryEvent> {
    if (this.#closed) throw new DatabaseError('This session is closed.');
    if (this.#running) throw new DatabaseError('Another statement is still running in this session.');
    const statement = this.startStatement();
    this.#running = statement;
    try {
      await this.#interrupting; // a late stop signal must not hit this statement
      // At least 1: asked for 0 rows, pg-cursor reads everything.
      yield* this.execute(statement, sql, Math.max(1, Math.floor(options.batchSize)));
    } finally {
      this.#running = null;
    }
  }

  async cancel(): Promise<void> {
    const statement = this.#running;
    if (!statement || statement.cancelled) return;
    statement.cancelled = true;
    await this.stop(statement);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose();
    await this.release();
  }

  /**
   * Sends an out-of-band stop (e.g. pg_cancel_backend from another connection). The next
   * statement waits until it has been delivered, so a signal that arrives late stops
   * nothing but the statement it was meant for. Never rejects.
   */
  protected interrupt(send: () => Promise<void>): Promise<void> {
    const interrupting = send().catch(() => {});
    this.#interrupting = interrupting;
    void interrupting.then(() => {
      if (this.#interrupting === interrupting) this.#interrupting = null;
    });
    return interrupting;
  }

  /** A new statement's state, before anything is sent. */
  protected abstract startStatement(): S;
  /**
   * Runs the statement: columns, rows, done. Errors are DatabaseErrors; a cancelled
   * statement ends with QueryCancelledError. Breaking out releases what it holds.
   */
  protected abstract execute(statement: S, sql: string, batchSize: number): AsyncGenerator<QueryEvent>;
  /** Stops the running statement, which cancel() has just marked cancelled. */
  protected abstract stop(statement: S): Promise<void>;
  /** Releases the session's connection (rolling back an open transaction). Runs once. */
  protected abstract release(): Promise<void>;
}

/** The sessions a driver has open, so that closing the driver closes them. */
export class OpenSessions {
  readonly #sessions = new Set<QuerySession>();

  /** Opens a session with `start`, which receives the callback its close() must call. */
  async open<T extends QuerySession>(start: (onClose: () => void) => Promise<T>): Promise<T> {
    const session: T = await start(() => this.#sessions.delete(session));
    this.#sessions.add(session);
    return session;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions].map((session) => session.close()));
  }
}
