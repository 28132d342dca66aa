'use client';
// The Logs page's Activity tab: the audit trail as a table (time, connection, kind,
// statement, duration, rows, error), filtered on the server, live while "Live" is on.
import { useEffect, useState } from 'react';
import { ActivityKind, routes, type ActivityEntry } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import { useConnections } from '../lib/use-connections.ts';
import { useActivity, type ActivityFilters } from './use-activity.ts';

const KIND_LABELS: Record<ActivityKind, string> = {
  statement: 'Statement',
  connection_test: 'Connection test',
  connect: 'Connect',
  disconnect: 'Disconnect',
  export: 'Export',
  job: 'Job',
};

export function ActivityView() {
  const { connections } = useConnections();
  const [filters, setFilters] = useState<ActivityFilters>({ connection: '', kind: '', q: '', errors: false });
  const [live, setLive] = useState(true);
  const { entries, next, loading, error, loadOlder } = useActivity(filters, live);
  const set = (change: Partial<ActivityFilters>) => setFilters((f) => ({ ...f, ...change }));

  return (
    <>
      <div className="toolbar activity-toolbar">
        <select value={filters.connection} onChange={(e) => set({ connection: e.target.value })} aria-label="Connection">
          <option value="">All connections</option>
          {connections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
        <select value={filters.kind} onChange={(e) => set({ kind: e.target.value as ActivityFilters['kind'] })} aria-label="Kind">
          <option value="">All kinds</option>
          {ActivityKind.options.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
        </select>
        <input type="search" placeholder="Search statements…" value={filters.q} onChange={(e) => set({ q: e.target.value })} aria-label="Search activity" />
        <label className="check">
          <input type="checkbox" checked={filters.errors} onChange={(e) => set({ errors: e.target.checked })} /> Errors only
        </label>
        <label className="check">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live
        </label>
        <RecordLiteralsSetting />
        <span className="muted small" data-testid="activity-count">
          {entries.length} {entries.length === 1 ? 'entry' : 'entries'}{next !== null ? ' (more older)' : ''}{loading ? ' · loading…' : ''}
        </span>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="activity-table-wrap">
        <table className="activity-table" aria-label="Activity">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Connection</th>
              <th scope="col">Kind</th>
              <th scope="col">Statement / action</th>
              <th scope="col" className="num">Duration</th>
              <th scope="col" className="num">Rows</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => <ActivityRow key={e.id} entry={e} />)}
          </tbody>
        </table>
        {entries.length === 0 && !loading && <p className="muted activity-empty">No activity matches these filters yet.</p>}
        {next !== null && (
          <button type="button" className="activity-older" onClick={() => void loadOlder()} disabled={loading}>Load older</button>
        )}
      </div>
    </>
  );
}

function ActivityRow({ entry }: { entry: ActivityEntry }) {
  const at = new Date(entry.at);
  return (
    <tr data-error={entry.error ? '' : undefined}>
      <td className="nowrap"><time dateTime={entry.at} title={at.toLocaleString()}>{at.toLocaleTimeString()}</time></td>
      <td className="nowrap">{entry.connectionName ?? (entry.connectionId ? <span className="muted">{entry.connectionId} (deleted)</span> : '—')}</td>
      <td className="nowrap">{KIND_LABELS[entry.kind]}</td>
      <td className="activity-text"><code title={entry.text}>{entry.text}</code></td>
      <td className="num">{entry.durationMs === null ? '' : formatMs(entry.durationMs)}</td>
      <td className="num">{entry.rows === null ? '' : entry.rows.toLocaleString()}</td>
      <td className="activity-error">{entry.error}</td>
    </tr>
  );
}

/** The opt-in to keep literal values in recorded statements (saved on the server). */
function RecordLiteralsSetting() {
  const [value, setValue] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call(routes.activitySettings).then((s) => setValue(s.recordLiterals), (e) => setError(describeError(e)));
  }, []);
  async function change(recordLiterals: boolean) {
    try {
      setValue((await api.call(routes.saveActivitySettings, { body: { recordLiterals } })).recordLiterals);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }
  return (
    <label className="check" title="Off: string and number values in statements are recorded as ?. Passwords are never recorded.">
      <input type="checkbox" checked={value ?? false} disabled={value === null} onChange={(e) => void change(e.target.checked)} /> Record literal values
      {error && <span className="error-text small"> {error}</span>}
    </label>
  );
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms * 10) / 10} ms` : `${(ms / 1000).toFixed(2)} s`;
}
