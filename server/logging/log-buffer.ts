// The recent log entries kept in memory for /ws/logs: a bounded ring plus live subscribers.
import type { LogEntry } from '../protocol/index.ts';

type Listener = (entry: LogEntry) => void;

export class LogBuffer {
  readonly #capacity: number;
  readonly #entries: LogEntry[] = [];
  readonly #listeners = new Set<Listener>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  push(entry: LogEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#capacity) this.#entries.shift();
    for (const listener of this.#listeners) listener(entry);
  }

  /** The newest `limit` entries with seq > afterSeq, oldest first. */
  recent(limit: number, afterSeq = -1): LogEntry[] {
    const newer = this.#entries.filter((e) => e.seq > afterSeq);
    return limit === 0 ? [] : newer.slice(-limit);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
