'use client';
// The connection's query history, newest first, searchable; picking one inserts its SQL.
import { useEffect, useState } from 'react';
import { routes, type HistoryEntry } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import { formatMs } from './results/results-panel.tsx';
import styles from './sql.module.css';

export function HistoryPanel({ connectionId, onPick, onClose }: { connectionId: string; onPick(sql: string): void; onClose(): void }) {
  const [query, setQuery] = useState('');
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      api.call(routes.history, { params: { id: connectionId }, query: { q: query, limit: 200 } }).then(
        (r) => setEntries(r.entries),
        (e) => setError(describeError(e)),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [connectionId, query]);

  return (
    <div className={styles.history} role="dialog" aria-label="Query history">
      <div className={styles.historyHeader}>
        <input type="search" placeholder="Search history…" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus aria-label="Search history" />
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close history">×</button>
      </div>
      {error && <p className="error-text small">{error}</p>}
      <ul className={styles.historyList}>
        {entries?.length === 0 && <li className="muted">Nothing yet.</li>}
        {entries?.map((e, i) => (
          <li key={i}>
            <button type="button" onClick={() => onPick(e.sql)} title="Insert into the editor">
              <code>{e.sql.length > 200 ? `${e.sql.slice(0, 200)}…` : e.sql}</code>
              <span className={e.error ? 'error-text small' : 'muted small'}>
                {new Date(e.at).toLocaleString()} · {formatMs(e.elapsedMs)}
                {e.error ? ` · ${e.error}` : e.rowCount !== null ? ` · ${e.rowCount} rows` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
