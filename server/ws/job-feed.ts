// A job feed for any websocket endpoint: on open, the running, queued and recent jobs;
// then every change as it is pushed; and the clients' cancel_job / get_job_log requests.
// /ws/app carries every kind (without log lines); a feature endpoint carries its own kinds,
// with their log lines live:
//
//   const feed = new JobFeed(jobs, { kinds: ['backup', 'restore', 'verify'], logs: true });
//   new Endpoint<BackupsClientMessage, BackupsServerMessage>({
//     …, onOpen: (conn) => feed.open(conn),
//     onMessage(conn, message) {
//       if (isJobClientMessage(message)) return feed.handle(conn, message);
//       …the feature's own messages
//     },
//   }, context);
//
// (the endpoint's message unions include `...jobClientMessages` / `...jobServerMessages`).
import type { JobEvent, JobManager } from '../jobs/job-manager.ts';
import { JobNotFoundError } from '../jobs/errors.ts';
import { jobClientMessages, type JobClientMessage, type JobKind, type JobServerMessage } from '../protocol/index.ts';
import type { Connection } from './endpoint.ts';

export interface JobFeedOptions {
  /** The kinds this endpoint shows and may cancel; all when omitted. */
  kinds?: readonly JobKind[];
  /** Push log lines live (feature pages show the log); else clients ask with get_job_log. */
  logs: boolean;
}

/**
 * A client this far behind is not reading: it is spared progress and log pushes (it gets
 * the next ones, and the log can be fetched again), never a state change.
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;

const JOB_MESSAGE_TYPES = new Set<string>(jobClientMessages.map((schema) => schema.shape.type.value));

export function isJobClientMessage(message: { type: string }): message is JobClientMessage {
  return JOB_MESSAGE_TYPES.has(message.type);
}

export class JobFeed {
  readonly #jobs: JobManager;
  readonly #options: JobFeedOptions;

  constructor(jobs: JobManager, options: JobFeedOptions) {
    this.#jobs = jobs;
    this.#options = options;
  }

  /** Sends the current list and follows every change until the connection closes. */
  open(conn: Connection<JobServerMessage>): void {
    conn.send({ type: 'jobs', jobs: this.#jobs.list(this.#options.kinds) });
    conn.onClose(this.#jobs.subscribe((event) => this.#forward(conn, event)));
  }

  handle(conn: Connection<JobServerMessage>, message: JobClientMessage): void {
    this.#visible(message.jobId);
    if (message.type === 'cancel_job') {
      conn.send({ type: 'job', id: message.id, job: this.#jobs.cancel(message.jobId) });
    } else {
      conn.send({ type: 'job_log', id: message.id, jobId: message.jobId, lines: this.#jobs.logOf(message.jobId, message.afterSeq) });
    }
  }

  /** A job of a kind this endpoint does not carry is, for its clients, not there. */
  #visible(jobId: string): void {
    const { kind } = this.#jobs.get(jobId);
    if (this.#options.kinds && !this.#options.kinds.includes(kind)) throw new JobNotFoundError(jobId);
  }

  #forward(conn: Connection<JobServerMessage>, event: JobEvent): void {
    if (this.#options.kinds && !this.#options.kinds.includes(event.job.kind)) return;
    const behind = conn.buffered > MAX_BUFFERED_BYTES;
    if (this.#options.logs && event.lines.length && !behind) conn.send({ type: 'job_log', jobId: event.job.id, lines: event.lines });
    if (event.important || !behind) conn.send({ type: 'job', job: event.job });
  }
}
