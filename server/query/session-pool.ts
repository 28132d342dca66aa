// The query sessions of one websocket client, one per editor tab (sessionId). A session
// holds its own database connection, so SET, temp tables and transactions persist between
// runs in that tab; one statement at a time per session. Sessions count against the caps
// of session-limits.ts, and one left idle too long is closed (its tab is told next time).
import { AppError } from '../errors.ts';
import type { Driver, QuerySession } from '../db/driver.ts';
import type { SessionLimits } from './session-limits.ts';

interface Slot {
  connectionId: string;
  session: Promise<QuerySession>;
  busy: boolean;
  idleTimer?: NodeJS.Timeout;
}

export interface AcquiredSession {
  session: QuerySession;
  release: () => void;
  /** The tab had a session that was closed for idleness: this is a new one, without its state. */
  replacedIdle: boolean;
}

/** A client inventing session ids cannot grow the list of expired ones without end. */
const MAX_EXPIRED_REMEMBERED = 256;

export class SessionPool {
  readonly #slots = new Map<string, Slot>();
  readonly #limits: SessionLimits;
  /** Tabs whose session was closed for idleness, until their next run. */
  readonly #expired = new Set<string>();

  constructor(limits: SessionLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#slots.size;
  }

  /** The tab's session on `connectionId`, opened on first use; marks it busy until release(). */
  async acquire(sessionId: string, connectionId: string, driver: Driver): Promise<AcquiredSession> {
    let slot = this.#slots.get(sessionId);
    if (slot?.busy) throw new AppError('session_busy', 'A query is already running in this tab; stop it or wait for it to finish.', 409);
    if (slot && slot.connectionId !== connectionId) {
      await this.close(sessionId); // the tab switched to another connection
      slot = undefined;
    }
    const replacedIdle = !slot && this.#expired.delete(sessionId);
    if (!slot) {
      this.#limits.reserve(this.#slots.size, connectionId);
      slot = { connectionId, session: driver.openSession(), busy: false };
      this.#slots.set(sessionId, slot);
    }
    clearTimeout(slot.idleTimer);
    slot.busy = true;
    const current = slot;
    try {
      const session = await current.session;
      return { session, release: () => this.#release(sessionId, current), replacedIdle };
    } catch (error) {
      this.#forget(sessionId, current);
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
    this.#forget(sessionId, slot);
    const session = await slot.session.catch(() => undefined);
    if (slot.busy) await session?.cancel().catch(() => {});
    await session?.close().catch(() => {});
  }

  /** Sessions opened on a connection that is being closed or removed. */
  async closeConnection(connectionId: string): Promise<void> {
    await Promise.all([...this.#slots].filter(([, s]) => s.connectionId === connectionId).map(([id]) => this.close(id)));
  }

  async closeAll(): Promise<void> {
    this.#expired.clear();
    await Promise.all([...this.#slots.keys()].map((id) => this.close(id)));
  }

  #release(sessionId: string, slot: Slot): void {
    slot.busy = false;
    if (this.#slots.get(sessionId) !== slot) return;
    slot.idleTimer = setTimeout(() => {
      if (slot.busy || this.#slots.get(sessionId) !== slot) return;
      if (this.#expired.size >= MAX_EXPIRED_REMEMBERED) this.#expired.delete(this.#expired.values().next().value!);
      this.#expired.add(sessionId);
      void this.close(sessionId);
    }, this.#limits.settings.idleMs);
    slot.idleTimer.unref();
  }

  #forget(sessionId: string, slot: Slot): void {
    clearTimeout(slot.idleTimer);
    if (this.#slots.get(sessionId) !== slot) return;
    this.#slots.delete(sessionId);
    this.#limits.release(slot.connectionId);
  }
}
