// One query session per connection for the quick reads and writes of the history table
// (status, history, resolve), kept open while it is used and closed after a minute idle.
// Every window asks for status after each change, and a SQLite session is a process of its
// own: opening one per request would cost a process start each time. Runs (migrate,
// rollback, dry run) open their own session: they hold locks and transactions.
import type { Driver, QuerySession } from '../db/driver.ts';

const IDLE_MS = 60_000;

export class IdleSession {
  #driver: Driver | null = null;
  #session: Promise<QuerySession> | null = null;
  #timer: NodeJS.Timeout | undefined;
  /** Uses run one after another: a session runs one statement at a time. */
  #queue: Promise<unknown> = Promise.resolve();

  use<T>(driver: Driver, work: (session: QuerySession) => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      clearTimeout(this.#timer);
      // A reconnected connection has a new driver; the old one closed its sessions.
      if (this.#driver !== driver) {
        await this.close();
        this.#driver = driver;
      }
      this.#session ??= driver.openSession();
      try {
        return await work(await this.#session);
      } catch (error) {
        // Whatever failed, the next use starts from a fresh session.
        await this.close();
        throw error;
      } finally {
        this.#timer = setTimeout(() => void this.close(), IDLE_MS).unref();
      }
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer);
    const session = this.#session;
    this.#session = null;
    await (await session?.catch(() => null))?.close().catch(() => {});
  }
}
