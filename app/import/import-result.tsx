'use client';
// The import job: its progress bar, rows/s and time left, Cancel; then how it ended —
// rows imported, the rejected rows with their lines, or the error.
import type { ImportOutcome, JobSnapshot } from '../../server/protocol/index.ts';
import { JobProgress } from '../components/job-progress.tsx';
import styles from './import.module.css';

export function ImportResult({ job, onCancel, tableHref }: { job: JobSnapshot; onCancel: () => void; tableHref: string }) {
  const outcome = job.result?.data as ImportOutcome | undefined;
  const active = job.state === 'running' || job.state === 'queued';
  return (
    <div className={styles.job} role="group" aria-label="Import job" data-state={job.state}>
      {job.state === 'queued' && <div className="muted small">Waiting for {job.waitingFor === 'connection' ? 'another job on this connection' : 'a free slot'}…</div>}
      <JobProgress job={job} figuresClassName={styles.figures} />
      {active && (
        <div>
          <button type="button" disabled={job.cancelRequested} onClick={onCancel}>{job.cancelRequested ? 'Cancelling…' : 'Cancel'}</button>
        </div>
      )}
      {job.state === 'succeeded' && outcome && (
        <p className="ok-text" role="status">
          {job.result!.summary} <a href={tableHref}>Open the table</a>
        </p>
      )}
      {job.state === 'cancelled' && <p role="status">Cancelled: nothing that was not committed was kept.</p>}
      {(job.state === 'failed' || job.state === 'interrupted') && <p className="error-text" role="alert">{job.error?.message}</p>}
      {outcome && outcome.rejected > 0 && (
        <details open>
          <summary>{outcome.rejected.toLocaleString()} rejected rows{outcome.rejected > outcome.rejectedRows.length ? ` (the first ${outcome.rejectedRows.length} listed)` : ''}</summary>
          <ul className={styles.rejected} aria-label="Rejected rows">
            {outcome.rejectedRows.map((r, i) => <li key={i}>{r.line !== null ? `Line ${r.line}: ` : ''}{r.message}</li>)}
          </ul>
        </details>
      )}
    </div>
  );
}
