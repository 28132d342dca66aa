'use client';
// Saved connections: status, connect / disconnect, open in the SQL editor, edit, delete,
// and where the key protecting saved passwords lives.
import Link from 'next/link';
import { useState } from 'react';
import { ALL_DIALECTS, describeConnection, routes, type SavedConnection } from '../../server/protocol/index.ts';
import { Dialog } from '../components/dialog.tsx';
import { api, describeError } from '../lib/api.ts';
import { refreshConnections, useConnections } from '../lib/use-connections.ts';
import { ConnectionForm } from './connection-form.tsx';
import styles from './connections.module.css';

/** "PostgreSQL or SQLite". */
const ENGINE_LABELS = new Intl.ListFormat('en', { type: 'disjunction' }).format(ALL_DIALECTS.map((d) => d.label));

export function ConnectionsPage() {
  const { connections, keyStorage, loaded, error, connect, disconnect } = useConnections();
  const [editing, setEditing] = useState<SavedConnection | 'new' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  async function act(id: string, action: () => Promise<unknown>) {
    setBusy(id);
    setActionError(null);
    try {
      await action();
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setBusy(null);
    }
  }

  async function remove(connection: SavedConnection) {
    if (!window.confirm(`Delete the connection "${connection.name}"? Its saved password and query history go with it.`)) return;
    await act(connection.id, async () => {
      await api.call(routes.deleteConnection, { params: { id: connection.id } });
      await refreshConnections();
    });
  }

  return (
    <section className="page">
      <header className="page-header">
        <h1>Connections</h1>
        <button type="button" className="primary" onClick={() => setEditing('new')}>New connection</button>
      </header>
      {error && <p className="error-text">{error}</p>}
      {actionError && <p className="error-text" role="alert">{actionError}</p>}
      {loaded && connections.length === 0 && !error && (
        <div className="empty-state">
          <p className="empty-title">No saved connections</p>
          <p className="muted">Add a connection to {ENGINE_LABELS} to start.</p>
        </div>
      )}
      {connections.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr><th aria-label="Status" /><th>Name</th><th>Database</th><th>Server</th><th /></tr>
          </thead>
          <tbody>
            {connections.map((c) => (
              <tr key={c.id} data-testid={`connection-${c.name}`}>
                <td><span className="status-dot" data-status={c.status} title={c.status} /></td>
                <td>
                  <div className={styles.name}>{c.name}</div>
                  {c.status === 'error' && <div className="error-text small">{c.error}</div>}
                </td>
                <td className={styles.target}>{describeConnection(c.settings)}</td>
                <td className="muted">{c.serverVersion ?? (c.status === 'connecting' ? 'connecting…' : '—')}</td>
                <td className={styles.actions}>
                  {c.status === 'connected' ? (
                    <button type="button" disabled={busy === c.id} onClick={() => act(c.id, () => disconnect(c.id))}>Disconnect</button>
                  ) : (
                    <button type="button" disabled={busy === c.id} onClick={() => act(c.id, () => connect(c.id))}>Connect</button>
                  )}
                  <Link className={styles.linkButton} href={`/sql?connection=${encodeURIComponent(c.id)}`}>Open SQL</Link>
                  <button type="button" onClick={() => setEditing(c)}>Edit</button>
                  <button type="button" className="danger" disabled={busy === c.id} onClick={() => remove(c)}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {keyStorage && (
        <p className={`muted small ${styles.keyNote}`} data-testid="key-note">
          Saved passwords are encrypted (AES-256-GCM){' '}
          {keyStorage.storage === 'os-keychain'
            ? 'with a key kept in your operating system’s keychain.'
            : <>with a key in <code>{keyStorage.path}</code>, readable only by your user account. Anyone who can read that file can decrypt them; the desktop app keeps the key in the OS keychain instead.</>}
        </p>
      )}
      <Dialog open={editing !== null} title={editing === 'new' ? 'New connection' : `Edit ${editing?.name ?? ''}`} onClose={() => setEditing(null)}>
        {editing !== null && (
          <ConnectionForm
            existing={editing === 'new' ? undefined : editing}
            onSaved={async () => {
              setEditing(null);
              await refreshConnections();
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </Dialog>
    </section>
  );
}
