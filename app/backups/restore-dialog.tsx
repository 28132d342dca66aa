'use client';
// Restore a backup into a saved connection of the same engine, or (file-based engines)
// into a new file. Restoring over a database that holds tables needs its name typed: the
// server says so (confirmation_required) and the dialog asks for it.
import { useState } from 'react';
import { dialectOf, type BackupManifest, type RestoreTarget, type SavedConnection } from '../../server/protocol/index.ts';
import { Dialog } from '../components/dialog.tsx';
import { describeError } from '../lib/api.ts';
import { RequestFailedError } from '../lib/reconnecting-socket.ts';
import styles from './backups.module.css';
import type { BackupCommand } from './use-backups.ts';

interface Props {
  backup: BackupManifest;
  connections: SavedConnection[];
  onClose(): void;
  send(command: BackupCommand): Promise<unknown>;
}

export function RestoreDialog({ backup, connections, onClose, send }: Props) {
  const dialect = dialectOf(backup.engine);
  const fileBased = 'file' in dialect.connection.defaults;
  const sameEngine = connections.filter((c) => c.settings.engine === backup.engine);
  const [mode, setMode] = useState<'connection' | 'new-file'>(fileBased ? 'new-file' : 'connection');
  const [connectionId, setConnectionId] = useState(sameEngine[0]?.id ?? '');
  const [file, setFile] = useState('');
  const [clean, setClean] = useState(false);
  const [confirmNeeded, setConfirmNeeded] = useState<string | null>(null);
  const [confirmName, setConfirmName] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function restore() {
    setError(null);
    const target: RestoreTarget = mode === 'connection' ? { type: 'connection', connectionId } : { type: 'new-file', file };
    try {
      await send({ type: 'restore_backup', backupId: backup.id, target, clean, ...(confirmNeeded ? { confirmName } : {}) });
      onClose();
    } catch (e) {
      if (e instanceof RequestFailedError && e.code === 'confirmation_required') setConfirmNeeded(e.message);
      else setError(describeError(e));
    }
  }

  return (
    <Dialog open title={`Restore ${backup.connectionName} backup`} onClose={onClose}>
      <div className={styles.form}>
        <p className="muted small">
          {dialect.label} backup of {new Date(backup.startedAt).toLocaleString()} ({backup.kind}, {backup.tableStats.length} tables).
        </p>
        {fileBased && (
          <label className="check">
            <input type="radio" name="restore-mode" checked={mode === 'new-file'} onChange={() => setMode('new-file')} /> Into a new file
          </label>
        )}
        {mode === 'new-file' && (
          <label>
            New file (absolute path)
            <input type="text" value={file} onChange={(e) => setFile(e.target.value)} placeholder="/home/me/restored.db" aria-label="New file path" />
          </label>
        )}
        <label className="check">
          <input type="radio" name="restore-mode" checked={mode === 'connection'} onChange={() => setMode('connection')} disabled={sameEngine.length === 0} /> Into a connection
        </label>
        {mode === 'connection' && (
          <label>
            Target connection
            <select value={connectionId} onChange={(e) => { setConnectionId(e.target.value); setConfirmNeeded(null); }} aria-label="Target connection">
              {sameEngine.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </label>
        )}
        {mode === 'connection' && dialect.capabilities.backupTools && (
          <label className="check">
            <input type="checkbox" checked={clean} onChange={(e) => setClean(e.target.checked)} /> Drop the backup’s objects first if they exist (--clean --if-exists)
          </label>
        )}
        {confirmNeeded && (
          <label>
            <span className="error-text">{confirmNeeded}</span>
            <input type="text" value={confirmName} onChange={(e) => setConfirmName(e.target.value)} aria-label="Type the database name to confirm" autoFocus />
          </label>
        )}
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className={styles.footer}>
          <button type="button" className="primary" onClick={() => void restore()} disabled={mode === 'connection' ? !connectionId : !file.trim()}>
            {confirmNeeded ? 'Restore over it' : 'Restore'}
          </button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </Dialog>
  );
}
