// The one home of long work (backups, restores, verifies, imports, migrations): features
// submit a job, the manager runs it within the bounds, pushes its progress to every
// window, stops it on cancel, and keeps its outcome — on disk, so it survives a restart.
//
//   submit ──► queued ──(its connection's slot and a global slot free)──► running
//                │                                                          │
//                │ cancel                              work returns ────────┼──► succeeded
//                ▼                                     work throws ─────────┼──► failed
//            cancelled ◄──────── cancel: abort signal, process groups ◄─────┘
//                                killed; ends when the work has stopped
//
//   queued or running when the server stops (shutdown, crash, kill -9) ──► interrupted
//   (at shutdown at once; after a crash, when the next server loads the job from disk and
//   kills the process groups it left behind).
//
// Bounds: at most `perConnection` jobs run per connection and `global` in all; the rest
// wait in submission order, each told its position and what it waits for. A job whose
// work completes although cancel was asked ends as succeeded: what it did is done.
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import type { JobFailure, JobKind, JobLogLine, JobResult, JobSnapshot, JobState } from '../protocol/index.ts';
import { JobCancelledError, JobInterruptedError, JobNotFoundError } from './errors.ts';
import { Job, type JobDefinition } from './job.ts';
import { createJobContext } from './job-context.ts';
import type { JobStore } from './job-store.ts';
import { watchJobMemory } from './memory-ceiling.ts';
import { signalProcessGroup } from './process-group.ts';
import { DEFAULT_PUSH_INTERVALS, PushThrottle, type PushIntervals } from './push-throttle.ts';

export interface JobLimits {
  /** Jobs running at once on one connection (a second backup of a database waits). */
  perConnection: number;
  /** Jobs running at once in the whole server. */
  global: number;
}

export const DEFAULT_JOB_LIMITS: JobLimits = { perConnection: 1, global: 4 };
/** Finished jobs kept (in memory and on disk), newest first. */
export const KEEP_FINISHED_JOBS = 100;
/** A running job's file is rewritten at most this often (its state changes are written at once). */
const PERSIST_RUNNING_EVERY_MS = 5000;

/** A push to listeners: the job now, and its log lines since the previous push. */
export interface JobEvent {
  job: JobSnapshot;
  lines: JobLogLine[];
  /** The state, queue position or cancel flag changed: never to be dropped by a slow client. */
  important: boolean;
}

export interface JobManagerOptions {
  log: Logger;
  /** Persistence; without it jobs live in memory only. */
  store?: JobStore;
  /** Applied to every log line and error message (removes passwords and the token). */
  scrub?: (text: string) => string;
  limits?: JobLimits;
  push?: PushIntervals;
}

interface Tracked {
  job: Job;
  throttle: PushThrottle;
  lastPersistAt: number;
  /** State, cancel flag and queue place as last pushed: a change there is important. */
  lastPushedKey: string;
}

export class JobManager {
  readonly #log: Logger;
  readonly #store: JobStore | undefined;
  readonly #scrub: (text: string) => string;
  readonly #limits: JobLimits;
  readonly #push: PushIntervals;
  readonly #jobs = new Map<string, Tracked>();
  /** Queued jobs in submission order. */
  #queue: Job[] = [];
  readonly #listeners = new Set<(event: JobEvent) => void>();
  #stopped = false;

  constructor(options: JobManagerOptions) {
    this.#log = options.log;
    this.#store = options.store;
    this.#scrub = options.scrub ?? ((text) => text);
    this.#limits = options.limits ?? DEFAULT_JOB_LIMITS;
    this.#push = options.push ?? DEFAULT_PUSH_INTERVALS;
    if (this.#store) this.#restore(this.#store);
  }

  submit(definition: JobDefinition): JobSnapshot {
    if (this.#stopped) throw new AppError('shutting_down', 'The server is shutting down; start the job again after it restarts.', 503);
    const job = new Job(definition);
    const tracked = this.#track(job);
    this.#queue.push(job);
    this.#log.info({ job: job.id, kind: job.kind, connection: job.connectionId }, `job submitted: ${job.title}`);
    this.#persist(tracked);
    this.#schedule(job);
    return job.snapshot();
  }

  /** A queued job ends at once; a running one is aborted and ends when its work stops. */
  cancel(id: string): JobSnapshot {
    const tracked = this.#get(id);
    const { job } = tracked;
    if (job.state === 'queued') {
      this.#queue = this.#queue.filter((j) => j !== job);
      this.#end(tracked, 'cancelled', {});
      this.#schedule();
    } else if (job.state === 'running' && !job.cancelRequested) {
      job.cancelRequested = true;
      job.appendLog('warn', 'Cancel requested.');
      this.#persist(tracked);
      tracked.throttle.now();
      job.controller.abort(new JobCancelledError());
    }
    return job.snapshot();
  }

  get(id: string): JobSnapshot {
    return this.#get(id).job.snapshot();
  }

  /** Running, queued and recent jobs, newest first; optionally only some kinds. */
  list(kinds?: readonly JobKind[]): JobSnapshot[] {
    const now = Date.now();
    return [...this.#jobs.values()]
      .filter(({ job }) => !kinds || kinds.includes(job.kind))
      .sort((a, b) => b.job.createdAt.localeCompare(a.job.createdAt))
      .map(({ job }) => job.snapshot(now));
  }

  /** The lines the job's log still holds after `afterSeq`. */
  logOf(id: string, afterSeq = 0): JobLogLine[] {
    return this.#get(id).job.log.after(afterSeq);
  }

  /** Resolves with the job's final snapshot once it has ended. */
  async finished(id: string): Promise<JobSnapshot> {
    const { job } = this.#get(id);
    await job.settled;
    return job.snapshot();
  }

  subscribe(listener: (event: JobEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Server shutdown: queued and running jobs end as interrupted (and are written so), their
   * work is aborted, their process groups get SIGTERM. No job starts afterwards.
   */
  stop(): void {
    this.#stopped = true;
    const reason = new JobInterruptedError();
    for (const tracked of this.#jobs.values()) {
      const { job } = tracked;
      if (job.finished) continue;
      const wasRunning = job.state === 'running';
      this.#end(tracked, 'interrupted', { error: { code: reason.code, message: reason.message } });
      if (wasRunning) job.controller.abort(reason);
    }
    this.#queue = [];
  }

  /** Last resort on exit: SIGKILL to every process group a job still has. */
  killProcessesNow(): void {
    for (const { job } of this.#jobs.values()) for (const pid of job.processes.keys()) signalProcessGroup(pid, 'SIGKILL');
  }

  #restore(store: JobStore): void {
    const loaded = store.load(new Date().toISOString());
    if (loaded.unreadable.length) this.#log.warn({ dir: store.dir, files: loaded.unreadable }, 'job files could not be read; left in place');
    if (loaded.reaped.length) this.#log.warn({ pids: loaded.reaped }, 'killed process groups left running by interrupted jobs');
    for (const persisted of loaded.jobs.slice(0, KEEP_FINISHED_JOBS)) this.#track(Job.restore(persisted));
    for (const stale of loaded.jobs.slice(KEEP_FINISHED_JOBS)) store.remove(stale.id);
  }

  #track(job: Job): Tracked {
    const tracked: Tracked = { job, throttle: new PushThrottle(() => this.#publish(tracked), this.#push), lastPersistAt: 0, lastPushedKey: '' };
    this.#jobs.set(job.id, tracked);
    return tracked;
  }

  #get(id: string): Tracked {
    const tracked = this.#jobs.get(id);
    if (!tracked) throw new JobNotFoundError(id);
    return tracked;
  }

  /** Starts what the bounds allow, in order; tells the others their place. */
  #schedule(submitted?: Job): void {
    if (this.#stopped) return;
    const running = [...this.#jobs.values()].filter(({ job }) => job.state === 'running').map(({ job }) => job);
    for (const job of [...this.#queue]) {
      const onConnection = running.filter((r) => job.connectionId !== null && r.connectionId === job.connectionId).length;
      if (running.length < this.#limits.global && onConnection < this.#limits.perConnection) {
        this.#queue = this.#queue.filter((j) => j !== job);
        running.push(job);
        this.#start(this.#jobs.get(job.id)!);
      }
    }
    this.#queue.forEach((job, index) => {
      const connectionBusy = running.some((r) => job.connectionId !== null && r.connectionId === job.connectionId);
      const waitingFor = connectionBusy ? 'connection' : 'capacity';
      if (job !== submitted && job.queuePosition === index + 1 && job.waitingFor === waitingFor) return;
      job.queuePosition = index + 1;
      job.waitingFor = waitingFor;
      this.#jobs.get(job.id)!.throttle.now();
    });
  }

  #start(tracked: Tracked): void {
    const { job } = tracked;
    job.state = 'running';
    job.startedAt = new Date().toISOString();
    job.queuePosition = job.waitingFor = null;
    this.#persist(tracked);
    tracked.throttle.now();
    tracked.throttle.beat(true);
    void this.#execute(tracked);
  }

  async #execute(tracked: Tracked): Promise<void> {
    const { job } = tracked;
    const stopWatchingMemory = watchJobMemory();
    try {
      const outcome = await job.run!(
        createJobContext(job, {
          scrub: this.#scrub,
          changed: () => tracked.throttle.changed(),
          processStarted: () => this.#persist(tracked), // at once: after a crash, the next server must find it
          hookFailed: (error) => this.#log.warn({ job: job.id, err: error }, 'job cancel hook failed'),
        }),
      );
      if (job.finished) return; // interrupted by shutdown meanwhile
      this.#end(tracked, 'succeeded', { result: typeof outcome === 'string' ? { summary: outcome } : outcome });
    } catch (error) {
      if (job.finished) return;
      if (job.cancelRequested) this.#end(tracked, 'cancelled', {});
      else this.#end(tracked, 'failed', { error: this.#failure(job, error) });
    } finally {
      stopWatchingMemory();
    }
    this.#schedule();
  }

  #failure(job: Job, error: unknown): JobFailure {
    this.#log.warn({ job: job.id, kind: job.kind, err: error }, 'job failed');
    if (error instanceof AppError) return { code: error.code, message: this.#scrub(error.message) };
    // Not worded for users, but usually telling (ENOSPC, EACCES…): shown, without a stack.
    const message = error instanceof Error ? error.message : String(error);
    return { code: 'job_failed', message: this.#scrub(message || 'The job failed; see the server log.') };
  }

  #end(tracked: Tracked, state: JobState, outcome: { result?: JobResult; error?: JobFailure }): void {
    const { job } = tracked;
    job.end(state, outcome);
    if (outcome.error) job.appendLog('error', outcome.error.message);
    this.#log.info({ job: job.id, kind: job.kind, state }, `job ${state}: ${job.title}`);
    tracked.throttle.beat(false);
    this.#persist(tracked);
    tracked.throttle.now();
    this.#prune();
  }

  #publish(tracked: Tracked): void {
    const { job } = tracked;
    const lines = job.unpublished;
    job.unpublished = [];
    const now = Date.now();
    if (job.state === 'running' && now - tracked.lastPersistAt >= PERSIST_RUNNING_EVERY_MS) this.#persist(tracked);
    const key = `${job.state}/${job.cancelRequested}/${job.queuePosition}/${job.waitingFor}`;
    const event: JobEvent = { job: job.snapshot(now), lines, important: key !== tracked.lastPushedKey };
    tracked.lastPushedKey = key;
    for (const listener of this.#listeners) listener(event);
  }

  #persist(tracked: Tracked): void {
    tracked.lastPersistAt = Date.now();
    if (!this.#store) return;
    try {
      this.#store.save(tracked.job.persisted());
    } catch (error) {
      // The job goes on; only its record after a restart is at risk. Say so where it shows.
      this.#log.error({ job: tracked.job.id, err: error }, 'could not write the job file');
    }
  }

  /** Drops the oldest finished jobs beyond the number kept. */
  #prune(): void {
    const finished = [...this.#jobs.values()].filter(({ job }) => job.finished).sort((a, b) => b.job.createdAt.localeCompare(a.job.createdAt));
    for (const { job } of finished.slice(KEEP_FINISHED_JOBS)) {
      this.#jobs.delete(job.id);
      this.#store?.remove(job.id);
    }
  }
}
