'use client';
// A backup, restore or verify job on the Backups page: its live progress bar, what it is
// doing, how fast and how long is left, Cancel; and how it ended.
import type { JobSnapshot } from '../../server/protocol/index.ts';
import { JobProgress } from '../components/job-progress.tsx';
import styles from './backups.module.css';

const STATE: Record<JobSnapshot['state'], string> = {
  queued: 'Queued', running: 'Running', succeeded: 'Done', failed: 'Failed', cancelled: 'Cancelled', interrupted: 'Interrupted (the server stopped)',
};

export function JobCard({ job, onCancel }: { job: JobSnapshot; onCancel: () => void }) {
  const active = job.state === 'running' || job.state === 'queued';
  return (
    <div className={styles.job} data-state={job.state} role="group" aria-label={job.title}>
      <div className={styles.jobHead}>
        <strong>{job.title}</strong>
        <span className="muted">{job.cancelRequested && job.state === 'running' ? 'Cancelling…' : STATE[job.state]}</span>
      </div>
      {job.state === 'queued' && <div className="muted small">Waiting for {job.waitingFor === 'connection' ? 'another job on this connection' : 'a free slot'} (#{job.queuePosition})</div>}
      <JobProgress job={job} figuresClassName={styles.figures} />
      {job.result && <div className="small">{job.result.summary}</div>}
      {job.error && job.state !== 'cancelled' && <div className="small error-text">{job.error.message}</div>}
      {active && (
        <div>
          <button type="button" disabled={job.cancelRequested} onClick={onCancel}>Cancel</button>
        </div>
      )}
    </div>
  );
}
