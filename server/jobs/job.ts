// One job as the manager keeps it: what it is, where it stands, its progress meter, its
// bounded log, the process groups its work runs now, and its outcome. The manager
// (job-manager.ts) decides when it moves; this class only holds and reports.
import { randomUUID } from 'node:crypto';
import type { JobFailure, JobKind, JobLogLine, JobResult, JobSnapshot, JobState } from '../protocol/index.ts';
import type { JobProcess, JobProcessSpec } from './job-process.ts';
import { JobLog, type JobLogLevel } from './job-log.ts';
import type { PersistedJob } from './job-store.ts';
import { ProgressMeter, type ProgressUpdate } from './progress-meter.ts';

/** What a job's work receives. */
export interface JobContext {
  readonly jobId: string;
  /** Aborted when the job is cancelled (reason: JobCancelledError) or the server stops. */
  readonly signal: AbortSignal;
  /** Report progress; cheap to call often (pushes are throttled). */
  progress(update: ProgressUpdate): void;
  /** A line (or lines) for the job's log, shown live on feeds that carry logs. */
  log(text: string, level?: JobLogLevel): void;
  /** Runs a child process tied to this job: cancel stops its whole process group. */
  spawn(spec: JobProcessSpec): JobProcess;
  /**
   * Runs `stop` when the job is cancelled (at once if it already is), e.g. to cancel the
   * database statement the work is waiting on. Returns a function that unregisters it.
   */
  onCancel(stop: () => unknown): () => void;
}

/** What a feature submits. */
export interface JobDefinition {
  kind: JobKind;
  title: string;
  /** The saved connection it works on: jobs of one connection wait for its slot. */
  connectionId?: string | null;
  /** The work. Return the outcome (a summary line, or a summary with data); throw to fail. */
  run(context: JobContext): Promise<JobResult | string>;
  /** What the work leaves behind if the server dies while it runs (e.g. a restore's target); kept with the job and added to its "interrupted" message. */
  ifInterrupted?: string | undefined;
  /** Files the work writes that must not outlive an interruption (a restore's `.partial`); the next start removes them. */
  debris?: string[] | undefined;
}

export class Job {
  readonly id: string;
  readonly kind: JobKind;
  readonly connectionId: string | null;
  readonly title: string;
  readonly createdAt: string;
  readonly run: JobDefinition['run'] | undefined;
  readonly ifInterrupted: string | undefined;
  readonly debris: string[];
  readonly controller = new AbortController();
  readonly meter = new ProgressMeter();
  readonly log: JobLog;
  /** Live process groups of the work, with their identity for reaping after a crash. */
  readonly processes = new Map<number, string | null>();
  state: JobState = 'queued';
  cancelRequested = false;
  queuePosition: number | null = null;
  waitingFor: 'connection' | 'capacity' | null = null;
  startedAt: string | null = null;
  endedAt: string | null = null;
  result: JobResult | null = null;
  error: JobFailure | null = null;
  /** Log lines not yet pushed to listeners. */
  unpublished: JobLogLine[] = [];
  /** The snapshot as it was when last restored from disk (progress is not re-measured). */
  readonly #restored: PersistedJob | undefined;
  readonly #finished = Promise.withResolvers<void>();

  constructor(definition: Omit<JobDefinition, 'run'> & Partial<Pick<JobDefinition, 'run'>>, restored?: PersistedJob) {
    this.id = restored?.id ?? randomUUID();
    this.kind = definition.kind;
    this.connectionId = definition.connectionId ?? null;
    this.title = definition.title;
    this.run = definition.run;
    this.ifInterrupted = definition.ifInterrupted;
    this.debris = definition.debris ?? [];
    this.createdAt = restored?.createdAt ?? new Date().toISOString();
    this.log = new JobLog(restored?.log);
    this.#restored = restored;
    if (restored) {
      this.state = restored.state;
      this.startedAt = restored.startedAt;
      this.endedAt = restored.endedAt;
      this.result = restored.result;
      this.error = restored.error;
      this.#finished.resolve();
    }
  }

  static restore(persisted: PersistedJob): Job {
    return new Job(persisted, persisted);
  }

  get finished(): boolean {
    return this.state !== 'queued' && this.state !== 'running';
  }

  /** Resolves when the job reaches a final state. */
  get settled(): Promise<void> {
    return this.#finished.promise;
  }

  end(state: JobState, outcome: { result?: JobResult; error?: JobFailure }): void {
    this.state = state;
    this.endedAt = new Date().toISOString();
    this.result = outcome.result ?? null;
    this.error = outcome.error ?? null;
    this.queuePosition = this.waitingFor = null;
    this.#finished.resolve();
  }

  appendLog(level: JobLogLevel, text: string): void {
    this.unpublished.push(...this.log.append(level, text, new Date().toISOString()));
  }

  snapshot(now = Date.now()): JobSnapshot {
    return {
      id: this.id,
      kind: this.kind,
      connectionId: this.connectionId,
      title: this.title,
      state: this.state,
      cancelRequested: this.cancelRequested,
      queuePosition: this.queuePosition,
      waitingFor: this.waitingFor,
      createdAt: this.createdAt,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      progress: this.meter.reported ? this.meter.snapshot(now) : (this.#restored?.progress ?? null),
      result: this.result,
      error: this.error,
      logSeq: this.log.seq,
    };
  }

  persisted(): PersistedJob {
    return {
      ...this.snapshot(),
      log: this.log.all(),
      processes: [...this.processes].map(([pid, identity]) => ({ pid, identity })),
      ...(this.ifInterrupted ? { ifInterrupted: this.ifInterrupted } : {}),
      ...(this.debris.length ? { debris: this.debris } : {}),
    };
  }
}
