// Test helper: a hub subscriber that keeps what it was sent and waits for a snapshot
// matching a condition.
import type { AnalyticsSnapshot } from '../protocol/index.ts';
import type { Subscriber } from './collector.ts';

export class RecordingSubscriber implements Subscriber {
  readonly snapshots: AnalyticsSnapshot[] = [];
  readonly errors: unknown[] = [];
  readonly intervalSeconds: number;
  readonly longQuerySeconds: number;
  #waiters: { test: (s: AnalyticsSnapshot) => boolean; resolve: (s: AnalyticsSnapshot) => void }[] = [];

  constructor(intervalSeconds = 1, longQuerySeconds = 30) {
    this.intervalSeconds = intervalSeconds;
    this.longQuerySeconds = longQuerySeconds;
  }

  snapshot(snapshot: AnalyticsSnapshot): void {
    this.snapshots.push(snapshot);
    this.#waiters = this.#waiters.filter((w) => (w.test(snapshot) ? (w.resolve(snapshot), false) : true));
  }

  failed(error: unknown): void {
    this.errors.push(error);
  }

  /** The first snapshot (already received or coming) for which `test` holds; fails after `timeoutMs`. */
  next(test: (s: AnalyticsSnapshot) => boolean = () => true, timeoutMs = 10_000): Promise<AnalyticsSnapshot> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching snapshot in ${timeoutMs} ms (errors: ${this.errors.map(String).join('; ')})`)), timeoutMs);
      this.#waiters.push({ test, resolve: (s) => (clearTimeout(timer), resolve(s)) });
    });
  }
}
