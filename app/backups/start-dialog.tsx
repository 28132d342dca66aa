'use client';
// "Back up now": which connection, what kind (the kinds its engine can make), and for
// "Tables" which ones.
import { useEffect, useState } from 'react';
import { dialectOf, routes, type BackupKind, type SavedConnection, type TableName } from '../../server/protocol/index.ts';
import { Dialog } from '../components/dialog.tsx';
import { api, describeError } from '../lib/api.ts';
import styles from './backups.module.css';
import type { BackupCommand } from './use-backups.ts';

const KIND_TEXT: Record<BackupKind, string> = {
  full: 'Full (schema and data)',
  'schema-only': 'Schema only',
  'data-only': 'Data only',
  tables: 'Chosen tables (schema and data)',
};

interface Props {
  open: boolean;
  connections: SavedConnection[];
  initialConnectionId: string;
  onClose(): void;
  send(command: BackupCommand): Promise<unknown>;
}

export function StartDialog({ open, connections, initialConnectionId, onClose, send }: Props) {
  const [connectionId, setConnectionId] = useState('');
  const [kind, setKind] = useState<BackupKind>('full');
  const [tables, setTables] = useState<TableName[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const connection = connections.find((c) => c.id === connectionId);
  const kinds = connection ? dialectOf(connection.settings.engine).capabilities.backupKinds : [];

  useEffect(() => {
    if (open) setConnectionId(initialConnectionId || connections[0]?.id || '');
  }, [open, initialConnectionId, connections]);
  useEffect(() => {
    setTables(null);
    setChosen(new Set());
    if (kind !== 'tables' || !connectionId) return;
    api.call(routes.completion, { params: { id: connectionId } }).then(
      (schema) => setTables(schema.tables.map((t) => ({ schema: t.schema, name: t.name }))),
      (e) => setError(describeError(e)),
    );
  }, [kind, connectionId]);

  const key = (t: TableName) => `${t.schema}.${t.name}`;
  async function start() {
    setError(null);
    try {
      const picked = kind === 'tables' ? (tables ?? []).filter((t) => chosen.has(key(t))) : undefined;
      await send({ type: 'start_backup', connectionId, kind, ...(picked ? { tables: picked } : {}) });
      onClose();
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <Dialog open={open} title="Back up now" onClose={onClose}>
      <div className={styles.form}>
        <label>
          Connection
          <select value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
            {connections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>
          What
          <select value={kinds.includes(kind) ? kind : 'full'} onChange={(e) => setKind(e.target.value as BackupKind)} aria-label="Backup kind">
            {kinds.map((k) => <option key={k} value={k}>{KIND_TEXT[k]}</option>)}
          </select>
        </label>
        {kind === 'tables' && (
          <div className={styles.tables} aria-label="Tables">
            {tables === null ? <span className="muted">Loading tables…</span> : tables.map((t) => (
              <label key={key(t)} className="check">
                <input type="checkbox" checked={chosen.has(key(t))} onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(key(t));
                  else next.delete(key(t));
                  setChosen(next);
                }} />
                {key(t)}
              </label>
            ))}
          </div>
        )}
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className={styles.footer}>
          <button type="button" className="primary" onClick={() => void start()} disabled={!connectionId || (kind === 'tables' && chosen.size === 0)}>Start backup</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </Dialog>
  );
}
