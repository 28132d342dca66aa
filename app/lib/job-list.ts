// The jobs a window knows of, kept from a job feed's messages: the list sent on open (it
// replaces everything, so a reconnect cannot leave stale jobs), then one update per change.
// A plain store for useSyncExternalStore.
import type { JobServerMessage, JobSnapshot } from '../../server/protocol/index.ts';

export class JobList {
  #jobs = new Map<string, JobSnapshot>();
  #sorted: JobSnapshot[] = [];
  readonly #listeners = new Set<() => void>();

  /** Active jobs first (running, then queued in order), then finished ones, newest first. */
  get jobs(): JobSnapshot[] {
    return this.#sorted;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Takes any message of the socket; those not of the job feed are ignored. */
  apply(received: { type: string }): void {
    const message = received as JobServerMessage;
    if (message.type === 'jobs') this.#jobs = new Map(message.jobs.map((job) => [job.id, job]));
    else if (message.type === 'job') this.#jobs.set(message.job.id, message.job);
    else return;
    this.#sorted = [...this.#jobs.values()].sort(byRelevance);
    for (const listener of this.#listeners) listener();
  }
}

const RANK = { running: 0, queued: 1 } as Record<string, number>;

function byRelevance(a: JobSnapshot, b: JobSnapshot): number {
  const rank = (RANK[a.state] ?? 2) - (RANK[b.state] ?? 2);
  if (rank !== 0) return rank;
  if (a.state === 'queued') return (a.queuePosition ?? 0) - (b.queuePosition ?? 0);
  return (b.endedAt ?? b.startedAt ?? b.createdAt).localeCompare(a.endedAt ?? a.startedAt ?? a.createdAt);
}
