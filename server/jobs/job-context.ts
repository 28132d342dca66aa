// What a job's work holds: its cancel signal and the ways it reports (progress, log) and
// runs child processes. Reports after the job has ended are ignored.
import type { Job, JobContext } from './job.ts';
import { spawnJobProcess } from './job-process.ts';
import { processIdentity } from './process-group.ts';

export interface JobContextHooks {
  scrub(text: string): string;
  /** Progress or log changed: a push is due (throttled). */
  changed(): void;
  /** A child process started: its group must be on disk before anything else happens. */
  processStarted(): void;
  hookFailed(error: unknown): void;
}

export function createJobContext(job: Job, hooks: JobContextHooks): JobContext {
  const signal = job.controller.signal;
  const log: JobContext['log'] = (text, level = 'info') => {
    if (job.finished) return;
    job.appendLog(level, hooks.scrub(text));
    hooks.changed();
  };
  return {
    jobId: job.id,
    signal,
    log,
    progress(update) {
      if (job.finished) return;
      job.meter.update(update, Date.now());
      hooks.changed();
    },
    spawn: (spec) =>
      spawnJobProcess(spec, {
        signal,
        log: (level, text) => log(text, level),
        started(pid) {
          job.processes.set(pid, processIdentity(pid));
          hooks.processStarted();
        },
        ended: (pid) => job.processes.delete(pid),
      }),
    onCancel(stop) {
      const run = () => void Promise.resolve().then(stop).catch(hooks.hookFailed);
      if (signal.aborted) {
        run();
        return () => {};
      }
      signal.addEventListener('abort', run, { once: true });
      return () => signal.removeEventListener('abort', run);
    },
  };
}
