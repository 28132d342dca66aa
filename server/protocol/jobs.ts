// Long work (backups, restores, verifies, imports, migrations) runs as jobs; every window
// sees them through a job feed, which /ws/app carries for all kinds and feature endpoints
// (/ws/backups, /ws/migrator…) carry for their own. Isomorphic: no Node imports.
import * as z from 'zod';
import { commonClientMessages, commonServerMessages, RequestId } from './envelope.ts';

/** What a job does. A feature adds its kind here; `test` exists only for the test suite. */
export const JobKind = z.enum(['backup', 'restore', 'verify', 'import', 'export', 'migration', 'test']);
export type JobKind = z.infer<typeof JobKind>;

/**
 * queued → running → succeeded | failed | cancelled. `interrupted`: the server stopped
 * (shutdown, crash, kill) while the job was queued or running; its work did not finish.
 */
export const JobState = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof JobState>;

export const FINISHED_JOB_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export const JobId = z.string().min(1).max(64);

const Count = z.number().nonnegative();

export const JobProgress = z.object({
  /** What the job does now, e.g. "Dumping", "Verifying". A new phase restarts the rate. */
  phase: z.string().nullable(),
  /** Units of work done and expected, in `unit` (e.g. "rows", "tables", "statements"). */
  done: Count.nullable(),
  total: Count.nullable(),
  unit: z.string().nullable(),
  /**
   * Bytes so far: with `totalBytes`, how far through an input of that size (a file being
   * read or hashed); without, the output written so far (an archive's size).
   */
  bytes: Count.nullable(),
  totalBytes: Count.nullable(),
  /** Measured over the last seconds: `unit`s per second, and bytes per second. */
  rate: Count.nullable(),
  bytesPerSecond: Count.nullable(),
  /** 0…1, from bytes when both byte counts are known, else from done/total. */
  fraction: z.number().min(0).max(1).nullable(),
  /** Seconds left at the measured rate; null until there is a rate and a total. */
  etaSeconds: Count.nullable(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const JobFailure = z.object({ code: z.string(), message: z.string() });
export type JobFailure = z.infer<typeof JobFailure>;

export const JobResult = z.object({
  /** One line for people, e.g. "12.4 MB, 48 tables, verified". */
  summary: z.string(),
  /** Facts for the feature's own UI (e.g. the backup's id); JSON. */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type JobResult = z.infer<typeof JobResult>;

export const JobSnapshot = z.object({
  id: JobId,
  kind: JobKind,
  /** The saved connection the job works on, when it works on one. */
  connectionId: z.string().nullable(),
  title: z.string(),
  state: JobState,
  /** Cancel was asked while running; the state changes once the work has stopped. */
  cancelRequested: z.boolean(),
  /** While queued: 1 = next to start. */
  queuePosition: z.number().int().positive().nullable(),
  /** While queued: what it waits for — its connection's slot or a free global slot. */
  waitingFor: z.enum(['connection', 'capacity']).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  progress: JobProgress.nullable(),
  result: JobResult.nullable(),
  error: JobFailure.nullable(),
  /** Sequence number of the newest log line (0: none yet). */
  logSeq: z.number().int().nonnegative(),
});
export type JobSnapshot = z.infer<typeof JobSnapshot>;

export const JobLogLine = z.object({
  /** Per job, from 1; a gap means lines were dropped (the log keeps the newest). */
  seq: z.number().int().positive(),
  time: z.string(),
  level: z.enum(['info', 'warn', 'error']),
  text: z.string(),
});
export type JobLogLine = z.infer<typeof JobLogLine>;

// ── client → server ───────────────────────────────────────────────────────────────────
/** Cancel a job: a queued one ends at once, a running one once its work has stopped. */
export const CancelJob = z.object({ type: z.literal('cancel_job'), id: RequestId, jobId: JobId });
/** A job's log (the newest lines the server keeps), after `afterSeq`. */
export const GetJobLog = z.object({ type: z.literal('get_job_log'), id: RequestId, jobId: JobId, afterSeq: z.number().int().nonnegative().default(0) });

/** Messages of the job feed, for the client-message union of every endpoint carrying it. */
export const jobClientMessages = [CancelJob, GetJobLog] as const;
export type JobClientMessage = z.infer<(typeof jobClientMessages)[number]>;

// ── server → client ───────────────────────────────────────────────────────────────────
/** On open: the running, queued and recent jobs (newest first). */
export const JobsList = z.object({ type: z.literal('jobs'), jobs: z.array(JobSnapshot) });
/** A job changed (throttled while running; state changes at once). `id` when it answers cancel_job. */
export const JobUpdate = z.object({ type: z.literal('job'), id: RequestId.optional(), job: JobSnapshot });
/** New log lines (live on feeds that carry logs), or the answer to get_job_log. */
export const JobLog = z.object({ type: z.literal('job_log'), id: RequestId.optional(), jobId: JobId, lines: z.array(JobLogLine) });

export const jobServerMessages = [JobsList, JobUpdate, JobLog] as const;
export type JobServerMessage = z.infer<(typeof jobServerMessages)[number]>;

// ── test-only endpoint (see README "Jobs": exists only with DB_TOOLKIT_TEST_JOBS=1) ──────
/** Starts a job that runs a real child process printing `steps` progress lines, one per `stepMs`. */
export const StartTestJob = z.object({
  type: z.literal('start_test_job'),
  id: RequestId,
  connectionId: z.string().min(1).max(200).nullable().default(null),
  steps: z.number().int().min(1).max(10_000),
  stepMs: z.number().int().min(0).max(60_000),
  /** Exit with this code after the steps (non-zero: the job fails). */
  exitCode: z.number().int().min(0).max(255).default(0),
});

export const TestJobsClientMessage = z.discriminatedUnion('type', [...commonClientMessages, ...jobClientMessages, StartTestJob]);
export type TestJobsClientMessage = z.infer<typeof TestJobsClientMessage>;
/** start_test_job is answered with `job` (the new job's snapshot) carrying its id. */
export const TestJobsServerMessage = z.discriminatedUnion('type', [...commonServerMessages, ...jobServerMessages]);
export type TestJobsServerMessage = z.infer<typeof TestJobsServerMessage>;
