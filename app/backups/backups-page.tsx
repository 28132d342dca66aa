'use client';
// Backups: per connection, the complete backups (time, kind, size, duration, tool, and
// whether they were verified), the backup / restore / verify jobs with live progress, and
// the start, verify, restore, download and delete actions.
import { useState } from 'react';
import { routes, routeUrl, type BackupManifest } from '../../server/protocol/index.ts';
import { formatBytes, formatDuration } from '../lib/format-progress.ts';
import { describeError } from '../lib/api.ts';
import { useConnections } from '../lib/use-connections.ts';
import styles from './backups.module.css';
import { JobCard } from './job-card.tsx';
import { RestoreDialog } from './restore-dialog.tsx';
import { StartDialog } from './start-dialog.tsx';
import { useBackups } from './use-backups.ts';
import { SchedulesSection } from './schedules-section.tsx';
import { ConnectionSelect } from '../components/connection-select.tsx';

const KIND_LABELS: Record<BackupManifest['kind'], string> = { full: 'Full', 'schema-only': 'Schema only', 'data-only': 'Data only', tables: 'Tables' };
const RECENT_JOBS = 4;

export function BackupsPage() {
  const { connections } = useConnections();
  const { backups, jobs, schedules, send } = useBackups();
  const [connectionId, setConnectionId] = useState<string>('');
  const [starting, setStarting] = useState(false);
  const [restoring, setRestoring] = useState<BackupManifest | null>(null);
  const [error, setError] = useState<string | null>(null);

  const shown = connectionId ? backups.filter((b) => b.connectionId === connectionId) : backups;
  const shownJobs = jobs.filter((j) => !connectionId || j.connectionId === connectionId);
  const active = shownJobs.filter((j) => j.state === 'running' || j.state === 'queued');
  const recent = shownJobs.filter((j) => j.state !== 'running' && j.state !== 'queued').slice(0, RECENT_JOBS);

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <section className="page">
      <header className="page-header">
        <h1>Backups</h1>
        <ConnectionSelect connections={connections} value={connectionId} onChange={setConnectionId} label="Connection filter" allLabel="All connections" />
        <button type="button" className="primary" onClick={() => setStarting(true)} disabled={connections.length === 0}>Back up now</button>
      </header>
      {error && <p className="error-text" role="alert">{error}</p>}

      {(active.length > 0 || recent.length > 0) && (
        <div className={styles.jobs} aria-label="Backup jobs">
          {[...active, ...recent].map((job) => (
            <JobCard key={job.id} job={job} onCancel={() => void act(() => send({ type: 'cancel_job', jobId: job.id }))} />
          ))}
        </div>
      )}

      {shown.length === 0 ? (
        <div className="empty-state">
          <p className="empty-title">No backups yet</p>
          <p className="muted">“Back up now” writes a compressed, verified backup under the server’s home folder.</p>
        </div>
      ) : (
        <table className={styles.table} aria-label="Backups">
          <thead>
            <tr>
              <th>Time</th><th>Connection</th><th>Kind</th><th>Size</th><th>Duration</th><th>Tool</th><th>Status</th><th />
            </tr>
          </thead>
          <tbody>
            {shown.map((backup) => (
              <tr key={backup.id} data-backup={backup.id}>
                <td>{new Date(backup.startedAt).toLocaleString()}</td>
                <td>{backup.connectionName}</td>
                <td>{KIND_LABELS[backup.kind]}{backup.tables ? ` (${backup.tables.map((t) => t.name).join(', ')})` : ''}</td>
                <td>{formatBytes(backup.size)}</td>
                <td>{formatDuration(backup.durationMs / 1000)}</td>
                <td className={styles.mono} title={backup.format}>{backup.tool}</td>
                <td><VerifiedBadge backup={backup} /></td>
                <td>
                  <div className={styles.actions}>
                  <button type="button" onClick={() => void act(() => send({ type: 'verify_backup', backupId: backup.id, level: 'full' }))}>Verify</button>
                  <button type="button" onClick={() => setRestoring(backup)}>Restore</button>
                  <a className={styles.linkButton} href={routeUrl(routes.downloadBackup, { id: backup.id })} download>Download</a>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => window.confirm(`Delete the backup of ${backup.connectionName} from ${new Date(backup.startedAt).toLocaleString()}?`) && void act(() => send({ type: 'delete_backup', backupId: backup.id }))}
                  >
                    Delete
                  </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <SchedulesSection schedules={schedules} connections={connections} filter={connectionId} send={send} />

      <StartDialog open={starting} connections={connections} initialConnectionId={connectionId} onClose={() => setStarting(false)} send={send} />
      {restoring && <RestoreDialog backup={restoring} connections={connections} onClose={() => setRestoring(null)} send={send} />}
    </section>
  );
}

function VerifiedBadge({ backup }: { backup: BackupManifest }) {
  const v = backup.verification;
  let badge;
  if (v && !v.ok) {
    badge = <span className={styles.badge} data-status="failed" title={v.summary}>{v.level === 'full' ? 'Verification failed' : 'Check failed'}</span>;
  } else if (backup.verifiedAt) badge = <span className={styles.badge} data-status="verified" title={v?.summary}>Verified</span>;
  else if (v) badge = <span className={styles.badge} data-status="checked" title={v.summary}>Quick check ok</span>;
  else return <span className={styles.badge}>Not checked</span>;
  if (!v?.tables) return badge;
  // The full verify's table-by-table report.
  return (
    <details>
      <summary aria-label="Verification report">{badge}</summary>
      <p className="small">{v.summary}</p>
      <ul className={styles.report}>
        {v.tables.map((t) => (
          <li key={`${t.schema}.${t.name}`} className={t.ok ? undefined : 'error-text'}>
            {t.schema}.{t.name}: {t.ok ? `${t.actualRows} rows, identical` : t.problem}
          </li>
        ))}
      </ul>
    </details>
  );
}
