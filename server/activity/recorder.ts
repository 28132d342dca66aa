// What the features call to record activity. Statements are redacted here (literals as
// `?` unless the user opted in; a password literal always), every text goes through the
// secret scrubber (saved passwords, the token), and recording never throws into the
// caller: a failed write is a warning in the server log, never a failed query.
import type { Logger } from 'pino';
import type { JobManager } from '../jobs/job-manager.ts';
import { FINISHED_JOB_STATES, type ActivityKind, type JobSnapshot, type LexicalSyntax } from '../protocol/index.ts';
import type { ActivityLog } from './activity-log.ts';
import type { ActivitySettingsFile } from './activity-settings.ts';
import { redactLiterals, redactValues } from './redact-literals.ts';

export interface RecorderDeps {
  log: ActivityLog;
  settings: ActivitySettingsFile;
  scrub: (text: string) => string;
  /** The connection's current name, or null when it is gone. */
  nameOf: (connectionId: string) => string | null;
  serverLog: Logger;
}

export interface StatementActivity {
  kind?: 'statement' | 'export';
  connectionId: string;
  sql: string;
  syntax: LexicalSyntax;
  durationMs: number | null;
  rows: number | null;
  error: string | null;
}

export interface EventActivity {
  kind: ActivityKind;
  connectionId: string | null;
  text: string;
  durationMs?: number | null;
  rows?: number | null;
  error?: string | null;
}

export class ActivityRecorder {
  readonly #deps: RecorderDeps;

  constructor(deps: RecorderDeps) {
    this.#deps = deps;
  }

  statement(s: StatementActivity): void {
    const { text, values } = redactLiterals(s.syntax, s.sql, { keepValues: this.#deps.settings.get().recordLiterals });
    // An error message may quote a value of the statement ("Key (email)=(…) already exists").
    const error = s.error === null ? null : redactValues(s.error, values);
    this.event({ kind: s.kind ?? 'statement', connectionId: s.connectionId, text, durationMs: s.durationMs, rows: s.rows, error });
  }

  event(e: EventActivity): void {
    try {
      const { scrub } = this.#deps;
      this.#deps.log.add({
        at: new Date().toISOString(),
        kind: e.kind,
        connectionId: e.connectionId,
        connectionName: e.connectionId === null ? null : this.#deps.nameOf(e.connectionId),
        text: scrub(e.text),
        durationMs: e.durationMs ?? null,
        rows: e.rows ?? null,
        error: e.error == null ? null : scrub(e.error),
      });
    } catch (error) {
      this.#deps.serverLog.warn({ error: (error as Error).message }, 'could not record activity');
    }
  }

  /** Records every job (backup, restore, verify…) as it starts and as it ends. */
  watchJobs(jobs: JobManager): () => void {
    const seen = new Map<string, 'started' | 'ended'>();
    return jobs.subscribe(({ job }) => {
      const was = seen.get(job.id);
      if (FINISHED_JOB_STATES.includes(job.state)) {
        if (was === 'ended') return;
        seen.delete(job.id);
        this.event({ kind: 'job', connectionId: job.connectionId, text: `${job.kind} ${job.state}: ${job.title}${summary(job)}`, durationMs: duration(job), error: job.error?.message ?? null });
        return;
      }
      if (job.state === 'running' && !was) {
        seen.set(job.id, 'started');
        this.event({ kind: 'job', connectionId: job.connectionId, text: `${job.kind} started: ${job.title}` });
      }
    });
  }
}

const summary = (job: JobSnapshot) => (job.result ? ` (${job.result.summary})` : '');

function duration(job: JobSnapshot): number | null {
  if (!job.startedAt || !job.endedAt) return null;
  return Date.parse(job.endedAt) - Date.parse(job.startedAt);
}
