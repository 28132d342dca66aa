'use client';
// The live log of the connection's latest migration job (migrate, rollback, dry run):
// each migration and statement with its timing as it runs, then how it ended — the
// original's stdout lines and exit status. Older runs are one click away.
import { useEffect, useRef, useState } from 'react';
import type { JobLogLine, JobSnapshot } from '../../server/protocol/index.ts';
import { JobProgress } from '../components/job-progress.tsx';
import styles from './migrations.module.css';

const STATE: Record<JobSnapshot['state'], string> = {
  queued: 'Queued', running: 'Running', succeeded: 'Done', failed: 'Failed', cancelled: 'Cancelled', interrupted: 'Interrupted (the server stopped)',
};

export function RunLog({ jobs, logs, loadLog, onCancel }: { jobs: JobSnapshot[]; logs: Record<string, JobLogLine[]>; loadLog: (jobId: string) => Promise<void>; onCancel: (jobId: string) => void }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const job = jobs.find((j) => j.id === chosen) ?? jobs[0];
  const lines = job ? logs[job.id] : undefined;
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    if (job && !lines) void loadLog(job.id).catch(() => {});
  }, [job, lines, loadLog]);
  // Follow the newest line, inside the log only (the page stays where the user put it).
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines?.length]);

  if (!job) return <div className={styles.log} aria-label="Run log"><p className="muted small">Runs show their log here, statement by statement.</p></div>;
  const active = job.state === 'running' || job.state === 'queued';
  return (
    <div className={styles.log} role="log" aria-label="Run log" data-state={job.state}>
      <div className={styles.panelHead}>
        <select value={job.id} onChange={(e) => setChosen(e.target.value)} aria-label="Run">
          {jobs.map((j) => <option key={j.id} value={j.id}>{new Date(j.createdAt).toLocaleTimeString()} — {j.title}</option>)}
        </select>
        <strong data-testid="run-state">{job.cancelRequested && job.state === 'running' ? 'Cancelling…' : STATE[job.state]}</strong>
        <span className={styles.gap} />
        {active && <button type="button" disabled={job.cancelRequested} onClick={() => onCancel(job.id)}>Cancel</button>}
      </div>
      <JobProgress job={job} figuresClassName={styles.figures} />
      <pre className={styles.lines} ref={box}>
        {(lines ?? []).map((line) => (
          <div key={line.seq} data-level={line.level}>{line.text}</div>
        ))}
      </pre>
      {job.result && <div className="small" data-testid="run-result">{job.result.summary}</div>}
    </div>
  );
}
