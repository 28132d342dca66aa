// The query sessions of one websocket client, one per editor tab (sessionId). A session
// holds its own database connection, so SET, temp tables and transactions persist between
// runs in that tab; one statement at a time per session.
import { AppError } from '../errors.ts';
import type { Driver, QuerySession } from '../db/driver.ts';

interface Slot {
  connectionId: string;
  session: Promise<QuerySession>;
  busy: boolean;
}

export class SessionPool {
  readonly #slots = new Map<string, Slot>();

  /** The tab's session on `connectionId`, opened on first use; marks it busy until release(). */
  async acquire(sessionId: string, connectionId: string, driver: Driver): Promise<{ session: QuerySession; release: () => void }> {
    let slot = this.#slots.get(sessionId);
    if (slot?.busy) throw new AppError('session_busy', 'A query is already running in this tab; stop it or wait for it to finish.', 409);
    if (slot && slot.connectionId !== connectionId) {
      await this.close(sessionId); // the tab switched to another connection
      slot = undefined;
    }
    if (!slot) {
      slot = { connectionId, session: driver.openSession(), busy: false };
      this.#slots.set(sessionId, slot);
    }
    slot.busy = true;
    const current = slot;
    try {
      const session = await current.session;
      return { session, release: () => (current.busy = false) };
    } catch (error) {
      this.#slots.delete(sessionId);
      throw error;
    }
  }

  /** Cancels the statement running in the tab's session, if any. */
  async cancel(sessionId: string): Promise<void> {
    const slot = this.#slots.get(sessionId);
    if (slot?.busy) await (await slot.session).cancel();
  }

  async close(sessionId: string): Promise<void> {
    const slot = this.#slots.get(sessionId);
    if (!slot) return;
    this.#slots.delete(sessionId);
    const session = await slot.session.catch(() => undefined);
    if (slot.busy) await session?.cancel().catch(() => {});
    await session?.close().catch(() => {});
  }

  /** Sessions opened on a connection that is being closed or removed. */
  async closeConnection(connectionId: string): Promise<void> {
    await Promise.all([...this.#slots].filter(([, s]) => s.connectionId === connectionId).map(([id]) => this.close(id)));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#slots.keys()].map((id) => this.close(id)));
  }
}
