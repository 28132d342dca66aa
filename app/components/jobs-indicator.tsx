'use client';
// The jobs indicator in the sidebar: how many jobs run, and a popover listing the running,
// queued and recent jobs of every kind with their progress, rate, time left, a Cancel
// button, and how each one ended. Fed by /ws/app, so every window shows the same.
import { useState } from 'react';
import type { JobSnapshot } from '../../server/protocol/index.ts';
import { JobProgress } from './job-progress.tsx';
import { useJobs } from '../lib/use-jobs.ts';

const POPOVER_ID = 'jobs-popover';

const STATE_LABELS: Record<JobSnapshot['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export function JobsIndicator() {
  const { jobs, cancel } = useJobs();
  const running = jobs.filter((job) => job.state === 'running').length;
  const queued = jobs.filter((job) => job.state === 'queued').length;
  const summary = running || queued ? [running && `${running} running`, queued && `${queued} queued`].filter(Boolean).join(', ') : 'No jobs running';

  return (
    <div className="jobs">
      <button type="button" className="jobs-button" popoverTarget={POPOVER_ID} aria-label={`Jobs: ${summary}`} data-active={running > 0 || undefined}>
        <span aria-hidden>⟳</span> <span className="jobs-button-label">Jobs</span>
        {running > 0 && <span className="jobs-count">{running}</span>}
      </button>
      <div id={POPOVER_ID} popover="auto" className="jobs-popover" role="dialog" aria-label="Jobs">
        <header className="jobs-popover-header">
          <strong>Jobs</strong>
          <span className="muted small">{summary}</span>
        </header>
        {jobs.length === 0 ? (
          <p className="muted jobs-empty">Backups, restores, imports and migrations show here while they run, and after.</p>
        ) : (
          <ul className="jobs-list">
            {jobs.map((job) => (
              <JobRow key={job.id} job={job} onCancel={() => cancel(job.id)} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function JobRow({ job, onCancel }: { job: JobSnapshot; onCancel: () => Promise<void> }) {
  const [cancelError, setCancelError] = useState<string>();
  const active = job.state === 'running' || job.state === 'queued';
  return (
    <li className="job" data-state={job.state} aria-label={job.title}>
      <div className="job-head">
        <span className="job-title">{job.title}</span>
        <span className="job-state">
          {job.cancelRequested && job.state === 'running' ? 'Cancelling…' : STATE_LABELS[job.state]}
          {job.endedAt && ` · ${new Date(job.endedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`}
        </span>
      </div>
      {job.state === 'queued' && (
        <div className="muted small">
          #{job.queuePosition} in line · waiting for {job.waitingFor === 'connection' ? 'another job on this connection' : 'a free slot'}
        </div>
      )}
      <JobProgress job={job} barClassName="job-progress" figuresClassName="job-figures" />
      {job.result && <div className="small">{job.result.summary}</div>}
      {job.error && job.state !== 'cancelled' && <div className="small job-error">{job.error.message}</div>}
      {cancelError && <div className="small job-error">{cancelError}</div>}
      {active && (
        <button
          type="button"
          className="job-cancel"
          disabled={job.cancelRequested}
          onClick={() => onCancel().catch((error: Error) => setCancelError(error.message))}
        >
          Cancel
        </button>
      )}
    </li>
  );
}
