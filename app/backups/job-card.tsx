'use client';
// A backup, restore or verify job on the Backups page: its live progress bar, what it is
// doing, how fast and how long is left, Cancel; and how it ended.
import type { JobSnapshot } from '../../server/protocol/index.ts';
import { formatAmount, formatDuration, formatRate } from '../lib/format-progress.ts';
import styles from './backups.module.css';

const STATE: Record<JobSnapshot['state'], string> = {
  queued: 'Queued', running: 'Running', succeeded: 'Done', failed: 'Failed', cancelled: 'Cancelled', interrupted: 'Interrupted (the server stopped)',
};

export function JobCard({ job, onCancel }: { job: JobSnapshot; onCancel: () => void }) {
  const progress = job.progress;
  const active = job.state === 'running' || job.state === 'queued';
  return (
    <div className={styles.job} data-state={job.state} role="group" aria-label={job.title}>
      <div className={styles.jobHead}>
        <strong>{job.title}</strong>
        <span className="muted">{job.cancelRequested && job.state === 'running' ? 'Cancelling…' : STATE[job.state]}</span>
      </div>
      {job.state === 'queued' && <div className="muted small">Waiting for {job.waitingFor === 'connection' ? 'another job on this connection' : 'a free slot'} (#{job.queuePosition})</div>}
      {job.state === 'running' && progress && (
        <>
          <progress max={1} value={progress.fraction ?? undefined} aria-label={`${job.title} progress`} data-fraction={progress.fraction ?? ''} />
          <div className={`muted small ${styles.figures}`}>
            {progress.phase && <span>{progress.phase}</span>}
            {progress.fraction !== null && <span>{Math.floor(progress.fraction * 100)}%</span>}
            {formatAmount(progress) && <span>{formatAmount(progress)}</span>}
            {formatRate(progress) && <span>{formatRate(progress)}</span>}
            {progress.etaSeconds !== null && <span>{formatDuration(progress.etaSeconds)} left</span>}
          </div>
        </>
      )}
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
