// A job's log: the newest lines only, so a chatty tool (pg_restore --verbose) cannot grow
// the server's memory or the job's file. Sequence numbers let a client see a gap.
import type { JobLogLine } from '../protocol/index.ts';

export const MAX_LOG_LINES = 500;
const MAX_LINE_CHARS = 2000;

export type JobLogLevel = JobLogLine['level'];

export class JobLog {
  #lines: JobLogLine[];
  #seq: number;

  constructor(lines: JobLogLine[] = []) {
    this.#lines = lines.slice(-MAX_LOG_LINES);
    this.#seq = lines.at(-1)?.seq ?? 0;
  }

  /** Sequence number of the newest line (0 when empty). */
  get seq(): number {
    return this.#seq;
  }

  /** Appends one line per line of `text` and returns them. */
  append(level: JobLogLevel, text: string, time: string): JobLogLine[] {
    const added = text
      .replace(/\r\n?/g, '\n')
      .replace(/\n+$/, '')
      .split('\n')
      .map((line) => ({ seq: ++this.#seq, time, level, text: line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line }));
    this.#lines.push(...added);
    if (this.#lines.length > MAX_LOG_LINES) this.#lines.splice(0, this.#lines.length - MAX_LOG_LINES);
    return added;
  }

  after(seq: number): JobLogLine[] {
    return this.#lines.filter((line) => line.seq > seq);
  }

  all(): JobLogLine[] {
    return [...this.#lines];
  }
}
