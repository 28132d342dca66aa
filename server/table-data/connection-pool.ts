// A few data connections per saved connection, opened on demand and closed when idle: a
// page and a slow exact count run side by side, and a connection in use by one request is
// never used by another (a transaction is the connection's own).
import type { ConnectTarget } from '../db/driver.ts';
import type { DataConnection, TableDataEngine } from './engine.ts';
import type { Engine } from '../protocol/index.ts';

const MAX_PER_CONNECTION = 3;
const IDLE_MS = 60_000;

interface Slot {
  idle: { connection: DataConnection; timer: NodeJS.Timeout }[];
  open: number;
  waiters: (() => void)[];
}

export class DataConnectionPool {
  readonly #slots = new Map<string, Slot>();

  /** Runs `work` on a connection of its own; a connection whose transaction could not be ended is closed, not reused. */
  async use<T>(id: string, engine: TableDataEngine<Engine>, target: () => ConnectTarget, work: (connection: DataConnection) => Promise<T>): Promise<T> {
    const slot = this.#slot(id);
    let reusable = true;
    const connection = await this.#acquire(slot, engine, target);
    try {
      return await work(connection);
    } catch (error) {
      if ((error as { broken?: boolean }).broken) reusable = false;
      throw error;
    } finally {
      this.#release(id, slot, connection, reusable);
    }
  }

  /** Closes a saved connection's data connections (it was closed, edited or removed). */
  async forget(id: string): Promise<void> {
    const slot = this.#slots.get(id);
    if (!slot) return;
    this.#slots.delete(id);
    await Promise.all(slot.idle.map(({ connection, timer }) => (clearTimeout(timer), connection.close())));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#slots.keys()].map((id) => this.forget(id)));
  }

  #slot(id: string): Slot {
    let slot = this.#slots.get(id);
    if (!slot) this.#slots.set(id, (slot = { idle: [], open: 0, waiters: [] }));
    return slot;
  }

  async #acquire(slot: Slot, engine: TableDataEngine<Engine>, target: () => ConnectTarget): Promise<DataConnection> {
    for (;;) {
      const idle = slot.idle.pop();
      if (idle) {
        clearTimeout(idle.timer);
        if (!idle.connection.lost) return idle.connection;
        slot.open--;
        void idle.connection.close();
        continue;
      }
      if (slot.open < MAX_PER_CONNECTION) break;
      await new Promise<void>((resolve) => slot.waiters.push(resolve));
    }
    slot.open++;
    try {
      return await engine.open(target() as never);
    } catch (error) {
      slot.open--;
      slot.waiters.shift()?.();
      throw error;
    }
  }

  #release(id: string, slot: Slot, connection: DataConnection, reusable: boolean): void {
    if (reusable && !connection.lost && this.#slots.get(id) === slot) {
      const timer = setTimeout(() => {
        slot.idle = slot.idle.filter((entry) => entry.connection !== connection);
        slot.open--;
        void connection.close();
      }, IDLE_MS);
      timer.unref();
      slot.idle.push({ connection, timer });
    } else {
      slot.open--;
      void connection.close();
    }
    slot.waiters.shift()?.();
  }
}
