'use client';
// Migrations: per connection, the folder of `<version>_<name>.up.sql` / `.down.sql`
// files, each version's status against the database's history table, the commands (new,
// dry run, migrate, rollback — all or to a version), a dirty version's resolution, each
// file's SQL viewable and editable in place, and the live log of the latest run.
import { useEffect, useState } from 'react';
import type { MigrationStatusRow } from '../../server/protocol/index.ts';
import { describeError } from '../lib/api.ts';
import { useConnections } from '../lib/use-connections.ts';
import { FilePanel } from './file-panel.tsx';
import { RunLog } from './run-log.tsx';
import styles from './migrations.module.css';
import { useMigrations, type MigratorCommand } from './use-migrations.ts';
import { ConnectionSelect } from '../components/connection-select.tsx';

const STATE_LABELS: Record<MigrationStatusRow['state'], string> = {
  applied: 'Applied', pending: 'Pending', changed: 'Changed since applied', missing_file: 'File missing', dirty: 'Dirty',
};

export function MigrationsPage() {
  const { connections } = useConnections();
  const [connectionId, setConnectionId] = useState('');
  const { status, statusError, jobs, logs, send, loadLog } = useMigrations(connectionId);
  const [file, setFile] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!connectionId && connections.length) setConnectionId(new URLSearchParams(location.search).get('connection') ?? connections[0]!.id);
  }, [connectionId, connections]);
  useEffect(() => {
    setFile(null);
  }, [connectionId]);

  const rows = status?.migrations ?? [];
  const running = jobs.some((j) => j.state === 'running' || j.state === 'queued');

  async function act(command: MigratorCommand) {
    setError(null);
    try {
      const reply = await send(command);
      if (reply.type === 'created') {
        setNewName('');
        setFile(reply.upFile);
      }
    } catch (e) {
      setError(describeError(e));
    }
  }

  function changeFolder() {
    const folder = window.prompt('Folder of this connection’s migrations (an absolute path; empty for the default):', status?.folder ?? '');
    if (folder === null) return;
    void act({ type: 'set_folder', connectionId, folder: folder.trim() || null });
  }

  return (
    <section className="page">
      <header className="page-header">
        <h1>Migrations</h1>
        <ConnectionSelect connections={connections} value={connectionId} onChange={setConnectionId} />
      </header>
      {status && (
        <p className={`small ${styles.folder}`}>
          <span className="muted">Folder</span> <code data-testid="migrations-folder">{status.folder}</code>
          {status.defaultFolder && <span className="muted"> (default)</span>}
          <button type="button" onClick={changeFolder}>Change…</button>
        </p>
      )}

      <div className={styles.commands} role="toolbar" aria-label="Migration commands">
        <form onSubmit={(e) => (e.preventDefault(), void act({ type: 'new', connectionId, name: newName }))} className={styles.newForm}>
          <input type="text" value={newName} onChange={(e) => setNewName(e.target.value)} placeholder="new migration name" aria-label="New migration name" />
          <button type="submit" disabled={!newName.trim() || !connectionId}>New</button>
        </form>
        <span className={styles.gap} />
        <button type="button" disabled={!status || running} onClick={() => void act({ type: 'dry_run', connectionId, direction: 'up' })} title={status?.rehearsalNote}>Dry run</button>
        <button type="button" className="primary" disabled={!status || running} onClick={() => void act({ type: 'migrate', connectionId })}>Migrate</button>
        <button type="button" disabled={!status || running} onClick={() => void act({ type: 'rollback', connectionId, steps: 1 })}>Rollback</button>
        <span className={styles.gap} />
        <select value={target} onChange={(e) => setTarget(e.target.value)} aria-label="Target version">
          <option value="">to version…</option>
          <option value="0">0 (nothing applied)</option>
          {rows.map((r) => <option key={r.version} value={r.version}>{r.version} {r.name}</option>)}
        </select>
        <button type="button" disabled={!target || target === '0' || running} onClick={() => void act({ type: 'migrate', connectionId, toVersion: target })}>Migrate to</button>
        <button type="button" disabled={!target || running} onClick={() => void act({ type: 'rollback', connectionId, toVersion: target })}>Rollback to</button>
      </div>
      {(error || statusError || status?.databaseError) && <p className="error-text" role="alert">{error ?? statusError ?? status?.databaseError}</p>}
      {status?.dirtyVersion && (
        <div className={styles.dirty} role="alert">
          Version {status.dirtyVersion} is dirty: it stopped part-way without a transaction, so migrate is blocked. Fix the database by hand, then
          <button type="button" onClick={() => void act({ type: 'resolve', connectionId, version: status.dirtyVersion!, as: 'applied' })}>Mark applied</button>
          <button type="button" onClick={() => void act({ type: 'resolve', connectionId, version: status.dirtyVersion!, as: 'not_applied' })}>Mark not applied</button>
        </div>
      )}

      {status && rows.length === 0 ? (
        <div className="empty-state">
          <p className="empty-title">No migrations yet</p>
          <p className="muted">“New” creates a numbered pair of files, <code>.up.sql</code> and <code>.down.sql</code>, in the folder above.</p>
        </div>
      ) : (
        <table className={styles.table} aria-label="Migrations">
          <thead>
            <tr><th>Version</th><th>Name</th><th>Status</th><th>Applied</th><th>Duration</th><th>Files</th></tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.version} data-version={row.version} data-state={row.state}>
                <td className={styles.mono}>{row.version}</td>
                <td>{row.name}</td>
                <td><span className={styles.badge} data-state={row.state} title={row.state === 'changed' ? `applied ${row.appliedChecksum}, file now ${row.fileChecksum}` : undefined}>{STATE_LABELS[row.state]}{row.state === 'dirty' ? ` (${row.direction === 'down' ? 'rollback' : 'migration'} stopped after ${row.statementsDone})` : ''}</span></td>
                <td>{row.appliedAt ? new Date(row.appliedAt).toLocaleString() : ''}</td>
                <td>{row.durationMs !== null ? `${row.durationMs} ms` : ''}</td>
                <td className={styles.files}>
                  {row.upFile && <button type="button" aria-pressed={file === row.upFile} onClick={() => setFile(row.upFile)}>up</button>}
                  {row.downFile && <button type="button" aria-pressed={file === row.downFile} onClick={() => setFile(row.downFile)}>down</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className={styles.panels}>
        {file && connectionId && <FilePanel key={`${connectionId}/${file}`} connectionId={connectionId} file={file} send={send} onClose={() => setFile(null)} />}
        <RunLog jobs={jobs} logs={logs} loadLog={loadLog} onCancel={(jobId) => void act({ type: 'cancel_job', jobId })} />
      </div>
    </section>
  );
}
