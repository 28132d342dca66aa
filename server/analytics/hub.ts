// Every monitored database's collector, by saved connection id: ten tabs watching one
// database share one collector and so one monitoring connection. The last hour of chart
// points is kept per database even between watchers.
import type { ConnectTarget } from '../db/driver.ts';
import { AppError } from '../errors.ts';
import type { HistoryPoint } from '../protocol/index.ts';
import { Collector, type Subscriber } from './collector.ts';
import type { Monitor, MonitorOptions } from './monitor.ts';
import type { MinuteHistory } from './minute-history.ts';
import { RingBuffer } from './ring-buffer.ts';

/** An hour at the shortest interval (1 s). */
const HISTORY_POINTS = 3600;

export interface HubDeps {
  /** The saved connection's target (with its password); throws NotFoundError for an unknown id. */
  resolve(connectionId: string): ConnectTarget;
  openMonitor(target: ConnectTarget, options: MonitorOptions): Promise<Monitor>;
  /** Query sessions this app has open on the saved connection (SQLite lists them as its sessions). */
  appSessions(connectionId: string): number;
  /** The per-minute week (absent in tests that do not need it). */
  minutes?: MinuteHistory;
}

export class AnalyticsHub {
  readonly #deps: HubDeps;
  readonly #collectors = new Map<string, Collector>();
  readonly #history = new Map<string, RingBuffer<HistoryPoint>>();

  constructor(deps: HubDeps) {
    this.#deps = deps;
  }

  /** Subscribes; resolves to the history so far and the unsubscribe. */
  async subscribe(connectionId: string, subscriber: Subscriber): Promise<{ history: HistoryPoint[]; unsubscribe: () => Promise<void> }> {
    const collector = this.#collector(connectionId);
    try {
      const leave = await collector.subscribe(subscriber);
      const unsubscribe = async () => {
        await leave();
        if (collector.subscriberCount === 0 && this.#collectors.get(connectionId) === collector) {
          this.#collectors.delete(connectionId);
          this.#deps.minutes?.flush(connectionId);
        }
      };
      return { history: this.#history.get(connectionId)!.toArray(), unsubscribe };
    } catch (error) {
      if (collector.subscriberCount === 0) {
        this.#collectors.delete(connectionId);
        await collector.stop();
      }
      throw error;
    }
  }

  async act(connectionId: string, action: 'cancel' | 'terminate', pid: number, queryKey: string): Promise<void> {
    const collector = this.#collectors.get(connectionId);
    if (!collector) throw new AppError('not_subscribed', 'Subscribe to this connection before acting on its sessions.', 409);
    await collector.act(action, pid, queryKey);
  }

  /**
   * The saved connection was closed, edited or removed: its collector stops (its settings
   * may have changed) and its subscribers are told; subscribing again starts afresh.
   */
  async forget(connectionId: string): Promise<void> {
    const collector = this.#collectors.get(connectionId);
    if (!collector) return;
    this.#collectors.delete(connectionId);
    await collector.end(new AppError('connection_closed', 'The connection was closed or changed; subscribe again to keep watching it.', 409));
  }

  /** Chart points since `hours` ago: the hour from memory, longer from the per-minute file. */
  history(connectionId: string, hours: number): HistoryPoint[] {
    const sinceMs = Date.now() - hours * 3600_000;
    if (hours > 1 && this.#deps.minutes) return this.#deps.minutes.since(connectionId, sinceMs);
    return (this.#history.get(connectionId)?.toArray() ?? []).filter((p) => Date.parse(p.at) >= sinceMs);
  }

  /** Stops every collector (server shutdown). */
  async closeAll(): Promise<void> {
    const collectors = [...this.#collectors.values()];
    this.#collectors.clear();
    await Promise.all(collectors.map((c) => c.stop()));
    this.#deps.minutes?.flush();
  }

  #collector(connectionId: string): Collector {
    let collector = this.#collectors.get(connectionId);
    if (!collector) {
      const target = this.#deps.resolve(connectionId);
      let history = this.#history.get(connectionId);
      if (!history) this.#history.set(connectionId, (history = new RingBuffer(HISTORY_POINTS)));
      const ring = history;
      const record = (point: HistoryPoint) => {
        ring.push(point);
        this.#deps.minutes?.add(connectionId, point);
      };
      collector = new Collector(connectionId, () => this.#deps.openMonitor(target, { appSessions: () => this.#deps.appSessions(connectionId) }), record);
      this.#collectors.set(connectionId, collector);
    }
    return collector;
  }
}
