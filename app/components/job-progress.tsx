'use client';
// A running job's progress bar and figures — phase, percent, amount, rate, time left — shown
// the same way in the Jobs panel and on the Backups page.
import type { JobSnapshot } from '../../server/protocol/index.ts';
import { formatAmount, formatDuration, formatRate } from '../lib/format-progress.ts';

export function JobProgress({ job, barClassName, figuresClassName }: { job: JobSnapshot; barClassName?: string; figuresClassName?: string }) {
  const progress = job.progress;
  if (job.state !== 'running' || !progress) return null;
  const amount = formatAmount(progress);
  const rate = formatRate(progress);
  return (
    <>
      <progress className={barClassName} max={1} value={progress.fraction ?? undefined} aria-label={`${job.title} progress`} />
      <div className={`muted small ${figuresClassName ?? ''}`}>
        {progress.phase && <span>{progress.phase}</span>}
        {progress.fraction !== null && <span>{Math.floor(progress.fraction * 100)}%</span>}
        {amount && <span>{amount}</span>}
        {rate && <span>{rate}</span>}
        {progress.etaSeconds !== null && <span>{formatDuration(progress.etaSeconds)} left</span>}
      </div>
    </>
  );
}
