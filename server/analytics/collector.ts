// One monitored database: a single monitor (one connection) shared by every subscriber,
// read at the shortest interval any subscriber asked for; each subscriber is sent a
// snapshot when its own interval has passed. Stopped (connection closed) when the last
// subscriber leaves, so an unwatched database gets no queries from us.
import { AppError } from '../errors.ts';
import type { AnalyticsSnapshot, HistoryPoint } from '../protocol/index.ts';
import type { Monitor } from './monitor.ts';
import { buildSnapshot, toPoint, withThreshold, type Previous } from './snapshot.ts';

export interface Subscriber {
  intervalSeconds: number;
  longQuerySeconds: number;
  snapshot(snapshot: AnalyticsSnapshot, point: HistoryPoint): void;
  failed(error: unknown): void;
}

interface Subscription {
  subscriber: Subscriber;
  lastSentMs: number;
}

export class Collector {
  readonly #connectionId: string;
  readonly #open: () => Promise<Monitor>;
  readonly #record: (point: HistoryPoint) => void;
  readonly #subscriptions = new Set<Subscription>();
  #monitor: Promise<Monitor> | null = null;
  #timer: NodeJS.Timeout | undefined;
  #previous: Previous | null = null;
  #stopped = false;

  /** `record` keeps each snapshot's chart point (the hour ring, the per-minute file). */
  constructor(connectionId: string, open: () => Promise<Monitor>, record: (point: HistoryPoint) => void) {
    this.#connectionId = connectionId;
    this.#open = open;
    this.#record = record;
  }

  get subscriberCount(): number {
    return this.#subscriptions.size;
  }

  /** Adds a subscriber once the monitor is connected (throws ConnectError otherwise); returns its unsubscribe. */
  async subscribe(subscriber: Subscriber): Promise<() => Promise<void>> {
    await this.#monitorNow();
    const subscription = { subscriber, lastSentMs: 0 };
    this.#subscriptions.add(subscription);
    this.#schedule(0);
    return async () => {
      this.#subscriptions.delete(subscription);
      if (this.#subscriptions.size === 0) await this.stop();
    };
  }

  async act(action: 'cancel' | 'terminate', pid: number, queryKey: string): Promise<void> {
    const monitor = await this.#monitorNow();
    if (pid === monitor.selfPid) throw new AppError('protected_session', 'That is the monitoring session itself; it cannot be cancelled or terminated from here.', 409);
    if (!(await monitor.act(action, pid, queryKey))) {
      throw new AppError('stale_query', `Session ${pid} is no longer running that statement (it finished, or another one started); nothing was ${action === 'cancel' ? 'cancelled' : 'terminated'}.`, 409);
    }
  }

  /** Stops for good, telling every subscriber why. */
  async end(reason: unknown): Promise<void> {
    const subscribers = [...this.#subscriptions].map((s) => s.subscriber);
    this.#subscriptions.clear();
    await this.stop();
    for (const subscriber of subscribers) subscriber.failed(reason);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const monitor = this.#monitor;
    this.#monitor = null;
    if (monitor) await (await monitor.catch(() => null))?.close();
  }

  #monitorNow(): Promise<Monitor> {
    if (!this.#monitor) {
      const opening = this.#open();
      this.#monitor = opening;
      // A failed connect is not kept: the next subscribe or tick tries again.
      opening.catch(() => {
        if (this.#monitor === opening) this.#monitor = null;
      });
    }
    return this.#monitor;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped && this.#subscriptions.size === 0) return;
    this.#stopped = false;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), delayMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#subscriptions.size === 0) return;
    const startedMs = Date.now();
    try {
      const monitor = await this.#monitorNow();
      const reading = await monitor.read();
      const atMs = Date.now();
      const snapshot = buildSnapshot(this.#connectionId, reading, atMs, atMs - startedMs, monitor.selfPid, this.#previous);
      this.#previous = { atMs, counters: reading.counters };
      const point = toPoint(snapshot);
      this.#record(point);
      for (const subscription of this.#subscriptions) {
        // Half a second of slack: a 2 s subscriber on a 1 s clock gets every other snapshot.
        if (atMs - subscription.lastSentMs < subscription.subscriber.intervalSeconds * 1000 - 500) continue;
        subscription.lastSentMs = atMs;
        subscription.subscriber.snapshot(withThreshold(snapshot, subscription.subscriber.longQuerySeconds), point);
      }
    } catch (error) {
      // The connection may be gone (server restarted): drop it and reconnect next tick.
      const monitor = this.#monitor;
      this.#monitor = null;
      this.#previous = null;
      void monitor?.then((m) => m.close()).catch(() => {});
      for (const { subscriber } of this.#subscriptions) subscriber.failed(error);
    }
    if (this.#subscriptions.size === 0) return;
    const interval = Math.min(...[...this.#subscriptions].map((s) => s.subscriber.intervalSeconds)) * 1000;
    this.#schedule(Math.max(0, startedMs + interval - Date.now()));
  }
}
