'use client';
// Analytics: for one saved connection, tiles (sessions by state, connections/max, size,
// TPS, cache hit), charts over the last hour, and the sessions with blocked rows flagged
// and Cancel / Terminate behind a confirmation, Explain into the editor. Pause holds the
// view still. A second view lists table statistics.
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { dialectOf, type HistoryPoint, type RunningQuery } from '../../server/protocol/index.ts';
import { Dialog } from '../components/dialog.tsx';
import { describeError } from '../lib/api.ts';
import { formatBytes, formatDuration } from '../lib/format-progress.ts';
import { editorHref } from '../lib/links.ts';
import { useConnections } from '../lib/use-connections.ts';
import styles from './analytics.module.css';
import { TableStatisticsView } from './table-statistics.tsx';
import { TimeChart, type Series } from './time-chart.tsx';
import { useAnalytics, useLongHistory } from './use-analytics.ts';
import { ConnectionSelect } from '../components/connection-select.tsx';

const INTERVALS = [1, 2, 5, 10, 30, 60];
const RANGES = [
  { hours: 1, label: 'Last hour' },
  { hours: 24, label: 'Last 24 hours (per minute)' },
  { hours: 168, label: 'Last 7 days (per minute)' },
];
/** Names for the engines' `details` figures (unknown keys are shown as they are). */
const DETAIL_LABELS: Record<string, string> = {
  fileBytes: 'File', walBytes: 'WAL', freeBytes: 'Free pages', pageSize: 'Page size', pageCount: 'Pages', journalMode: 'Journal',
  pageCacheBytes: 'Page cache', replicationLagSeconds: 'Replication lag (s)',
};
const percent = (v: number) => `${Math.round(v * 1000) / 10}%`;
const millis = (v: number) => (v < 1000 ? `${Math.round(v * 10) / 10} ms` : formatDuration(v / 1000));
const rate = (v: number) => (v >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10));

interface Pending {
  action: 'cancel' | 'terminate';
  query: RunningQuery;
}

export function AnalyticsPage() {
  const { connections } = useConnections();
  const [chosen, setChosen] = useState('');
  const connectionId = chosen || connections[0]?.id || '';
  const connection = connections.find((c) => c.id === connectionId);
  const explainPrefix = connection ? dialectOf(connection.settings.engine).explainPrefix : null;
  const [view, setView] = useState<'activity' | 'tables'>('activity');
  const [intervalSeconds, setIntervalSeconds] = useState(2);
  const [longQuerySeconds, setLongQuerySeconds] = useState(30);
  const [paused, setPaused] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { snapshot, points, error, act } = useAnalytics(connectionId, intervalSeconds, longQuerySeconds, paused);
  const [hours, setHours] = useState(1);
  const longPoints = useLongHistory(connectionId, hours);
  const charts = useCharts(longPoints ?? points);

  async function confirm() {
    if (!pending) return;
    const { action, query } = pending;
    setPending(null);
    try {
      await act(action, query.pid, query.queryKey!);
      setNotice(`${action === 'cancel' ? 'Cancelled the statement of' : 'Terminated'} session ${query.pid}.`);
    } catch (e) {
      setNotice(describeError(e));
    }
  }

  const queries = snapshot ? [...snapshot.queries].sort((a, b) => Number(b.blockedBy.length > 0) - Number(a.blockedBy.length > 0) || (b.durationSeconds ?? 0) - (a.durationSeconds ?? 0)) : [];
  return (
    <section className="page">
      <header className="page-header">
        <h1>Analytics</h1>
        <ConnectionSelect connections={connections} value={connectionId} onChange={setChosen} />
        <label className="toolbar">
          <span className="muted small">Every</span>
          <select value={intervalSeconds} onChange={(e) => setIntervalSeconds(Number(e.target.value))} aria-label="Interval">
            {INTERVALS.map((s) => <option key={s} value={s}>{s} s</option>)}
          </select>
        </label>
        <label className="toolbar">
          <span className="muted small">Long after</span>
          <input type="number" min={0} value={longQuerySeconds} onChange={(e) => setLongQuerySeconds(Math.max(0, Number(e.target.value)))} className={styles.number} aria-label="Long-running threshold (seconds)" /> s
        </label>
        <select value={hours} onChange={(e) => setHours(Number(e.target.value))} aria-label="Chart range">
          {RANGES.map((r) => <option key={r.hours} value={r.hours}>{r.label}</option>)}
        </select>
        <button type="button" onClick={() => setPaused(!paused)} aria-pressed={paused}>{paused ? 'Resume' : 'Pause'}</button>
        {snapshot && <span className="muted small">Updated {new Date(snapshot.at).toLocaleTimeString()} · {snapshot.collectMs} ms</span>}
      </header>
      <div className={styles.views} role="tablist" aria-label="View">
        <button type="button" role="tab" aria-selected={view === 'activity'} onClick={() => setView('activity')}>Activity</button>
        <button type="button" role="tab" aria-selected={view === 'tables'} onClick={() => setView('tables')}>Tables</button>
      </div>
      {view === 'tables' && connectionId && <TableStatisticsView connectionId={connectionId} />}
      {view === 'activity' && <>
      {error && <p className="error-text" role="alert">{error}</p>}
      {notice && <p className="muted" role="status">{notice}</p>}
      {connections.length === 0 && <div className="empty-state"><p className="empty-title">No connections</p><p className="muted">Add a connection to watch its activity.</p></div>}
      {snapshot && (
        <>
          <div className={styles.tiles}>
            <Tile label="Sessions" value={snapshot.sessions.map((s) => `${s.count} ${s.state}`).join(' · ') || 'none'} />
            <Tile label="Connections" value={`${snapshot.connections.current}${snapshot.connections.max ? ` / ${snapshot.connections.max}` : ''}`} />
            <Tile label="Size" value={snapshot.databaseBytes === null ? '–' : formatBytes(snapshot.databaseBytes)} />
            <Tile label="Transactions/s" value={snapshot.rates ? rate(snapshot.rates.tps) : '–'} />
            <Tile label="Cache hit" value={snapshot.cacheHitRatio === null ? '–' : percent(snapshot.cacheHitRatio)} />
            <Tile label="Blocked" value={String(snapshot.blocked.length)} alert={snapshot.blocked.length > 0} />
            {Object.entries(snapshot.details).filter(([, v]) => v !== null).map(([k, v]) => (
              <Tile key={k} label={DETAIL_LABELS[k] ?? k} value={typeof v === 'number' && /Bytes$/.test(k) ? formatBytes(v) : String(v)} />
            ))}
          </div>
          {queries.length > 0 && <div className={styles.tableBox}>
          <table className={styles.table} aria-label="Sessions">
            <thead>
              <tr><th>Pid</th><th>State</th><th>Duration</th><th>User</th><th>Application</th><th>Client</th><th>Database</th><th>Wait</th><th>Query</th><th /></tr>
            </thead>
            <tbody>
              {queries.map((q) => (
                <tr key={q.pid} data-blocked={q.blockedBy.length > 0 || undefined} data-long={q.long || undefined}>
                  <td className={styles.mono}>{q.pid}</td>
                  <td>
                    {q.state}
                    {q.blockedBy.length > 0 && <span className={styles.flag} data-kind="blocked"> blocked by {q.blockedBy.join(', ')}</span>}
                    {q.long && <span className={styles.flag} data-kind="long"> long</span>}
                    {q.self && <span className="muted small"> (this monitor)</span>}
                  </td>
                  <td>{q.durationSeconds === null ? '' : formatDuration(q.durationSeconds)}</td>
                  <td>{q.user}</td>
                  <td>{q.application}</td>
                  <td>{q.client}</td>
                  <td>{q.database}</td>
                  <td>{q.waitEvent}</td>
                  <td className={styles.query} title={q.text ?? ''}>{q.text}</td>
                  <td>
                    {!q.self && (
                      <div className={styles.actions}>
                        {q.text && explainPrefix && <Link href={editorHref(connectionId, `${explainPrefix}${q.text}`)} title="Open this statement's plan in a new editor tab">Explain</Link>}
                        {q.queryKey && !q.state.startsWith('idle') && <button type="button" onClick={() => setPending({ action: 'cancel', query: q })}>Cancel</button>}
                        {q.queryKey && <button type="button" className="danger" onClick={() => setPending({ action: 'terminate', query: q })}>Terminate</button>}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>}
          {queries.length === 0 && <p className="muted">No sessions to list on this database{snapshot.connections.current ? ` (this app has ${snapshot.connections.current} open)` : ''}.</p>}
          <div className={styles.charts}>
            {charts.map((c) => <TimeChart key={c.title} {...c} />)}
          </div>
          <section aria-label="Top statements">
            <h2 className={styles.section}>Top statements</h2>
            {snapshot.topStatements.note && <p className="muted">{snapshot.topStatements.note}</p>}
            {snapshot.topStatements.statements.length > 0 && (
              <div className={styles.tableBox}>
                <table className={styles.table}>
                  <thead><tr><th>Statement</th><th>Calls</th><th>Total</th><th>Mean</th><th>Rows</th></tr></thead>
                  <tbody>
                    {snapshot.topStatements.statements.map((t, i) => (
                      <tr key={i}>
                        <td className={styles.query} title={t.text}>{t.text}</td>
                        <td>{t.calls}</td>
                        <td>{millis(t.totalMs)}</td>
                        <td>{millis(t.meanMs)}</td>
                        <td>{t.rows ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
      </>}
      <Dialog open={pending !== null} title={pending?.action === 'terminate' ? 'Terminate session?' : 'Cancel statement?'} onClose={() => setPending(null)}>
        {pending && (
          <div className={styles.confirm}>
            <p>
              {pending.action === 'terminate' ? `End session ${pending.query.pid} and roll back its open transaction?` : `Stop the statement running in session ${pending.query.pid}?`}
            </p>
            <pre className={styles.mono}>{pending.query.text}</pre>
            <p className="muted small">Only the statement shown is hit: if it has finished or another one has started, nothing happens.</p>
            <div className={styles.actions}>
              <button type="button" onClick={() => setPending(null)}>Keep it</button>
              <button type="button" className="danger" onClick={() => void confirm()}>{pending.action === 'terminate' ? 'Terminate' : 'Cancel statement'}</button>
            </div>
          </div>
        )}
      </Dialog>
    </section>
  );
}

function Tile({ label, value, alert }: { label: string; value: string; alert?: boolean }) {
  return (
    <div className={styles.tile} data-alert={alert || undefined} role="group" aria-label={label}>
      <div className="muted small">{label}</div>
      <div className={styles.tileValue}>{value}</div>
    </div>
  );
}

/** The charts over time; one whose figures the engine does not have (SQLite's TPS) is left out. */
function useCharts(points: HistoryPoint[]) {
  return useMemo(() => {
    const pick = (f: (p: HistoryPoint) => number | null) => points.map(f);
    const s = (label: string, color: string, values: (number | null)[]): Series => ({ label, color, values });
    const times = points.map((p) => Date.parse(p.at) / 1000);
    const charts: { title: string; times: number[]; series: Series[]; format?: (v: number) => string }[] = [
      { title: 'Sessions by state', times, series: [s('active', '#2f7ed8', pick((p) => p.active)), s('idle', '#8a8a8a', pick((p) => p.idle)), s('idle in tx', '#e0a800', pick((p) => p.idleInTransaction)), s('blocked', '#d9534f', pick((p) => p.blocked))] },
      { title: 'Transactions/s', times, series: [s('tps', '#2f7ed8', pick((p) => p.tps))] },
      { title: 'Rows/s', times, series: [s('read', '#2f7ed8', pick((p) => p.rowsRead)), s('written', '#d9534f', pick((p) => p.rowsWritten))] },
      { title: 'Cache hit', times, series: [s('hit', '#3c9d5d', pick((p) => p.cacheHitRatio))], format: percent },
      { title: 'Size', times, series: [s('bytes', '#7a5cc0', pick((p) => p.databaseBytes))], format: formatBytes },
    ];
    return points.length === 0 ? charts : charts.filter((c) => c.series.some((x) => x.values.some((v) => v !== null)));
  }, [points]);
}
