// Waiting in tests for a job to be mid-work (to cancel or kill it there) without hanging when
// the job finishes first — a small backup can end before the first progress event that
// shows moved rows, more so on a fast or a loaded machine.
import type { JobManager } from '../jobs/job-manager.ts';
import type { JobSnapshot } from '../protocol/index.ts';

/** Resolves once the job has moved rows or bytes in a phase `inPhase` accepts, or has ended. */
export function untilWorkingOrOver(jobs: JobManager, job: JobSnapshot, inPhase: (phase: string) => boolean = () => true): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      stop();
      resolve();
    };
    const stop = jobs.subscribe((event) => {
      if (event.job.id !== job.id) return;
      const progress = event.job.progress;
      if (progress?.phase && inPhase(progress.phase) && ((progress.done ?? 0) > 0 || (progress.bytes ?? 0) > 0)) done();
    });
    void jobs.finished(job.id).then(done);
  });
}
