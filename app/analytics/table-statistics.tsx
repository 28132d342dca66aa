'use client';
// The Analytics page's "Tables" view: per table sizes, rows, dead rows, last vacuum and
// analyze, scans — sortable by any column — and the indexes no query has used. Read on
// demand (Refresh), not polled: it opens a connection of its own each time.
import { useEffect, useState } from 'react';
import { routes, type TableStatistic, type TableStatistics } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import { formatBytes } from '../lib/format-progress.ts';
import styles from './analytics.module.css';

type Key = keyof Omit<TableStatistic, 'rowsEstimated'>;
const COLUMNS: { key: Key; label: string; kind: 'text' | 'count' | 'bytes' | 'time' }[] = [
  { key: 'schema', label: 'Schema', kind: 'text' },
  { key: 'name', label: 'Table', kind: 'text' },
  { key: 'rows', label: 'Rows', kind: 'count' },
  { key: 'deadRows', label: 'Dead rows', kind: 'count' },
  { key: 'tableBytes', label: 'Data', kind: 'bytes' },
  { key: 'indexBytes', label: 'Indexes', kind: 'bytes' },
  { key: 'toastBytes', label: 'TOAST', kind: 'bytes' },
  { key: 'totalBytes', label: 'Total', kind: 'bytes' },
  { key: 'lastVacuum', label: 'Last vacuum', kind: 'time' },
  { key: 'lastAnalyze', label: 'Last analyze', kind: 'time' },
  { key: 'seqScans', label: 'Seq scans', kind: 'count' },
  { key: 'indexScans', label: 'Index scans', kind: 'count' },
];

function cell(table: TableStatistic, column: (typeof COLUMNS)[number]): string {
  const value = table[column.key];
  if (value === null) return '–';
  if (column.kind === 'bytes') return formatBytes(value as number);
  if (column.kind === 'time') return new Date(value as string).toLocaleString();
  if (column.kind === 'count') return `${column.key === 'rows' && table.rowsEstimated ? '≈ ' : ''}${(value as number).toLocaleString()}`;
  return String(value);
}

/** Nulls last in either direction: "unknown" is never the biggest or the smallest. */
function compare(a: TableStatistic, b: TableStatistic, key: Key): number {
  const x = a[key];
  const y = b[key];
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  return typeof x === 'number' ? x - (y as number) : String(x).localeCompare(String(y));
}

export function TableStatisticsView({ connectionId }: { connectionId: string }) {
  const [stats, setStats] = useState<TableStatistics | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [sort, setSort] = useState<{ key: Key; descending: boolean }>({ key: 'totalBytes', descending: true });
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!connectionId) return;
    let live = true;
    setLoading(true);
    setError(null);
    api.call(routes.tableStatistics, { params: { id: connectionId } }).then(
      (s) => live && setStats(s),
      (e) => live && (setStats(null), setError(describeError(e))),
    ).finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [connectionId, reload]);

  const sorted = stats ? [...stats.tables].sort((a, b) => {
    const order = compare(a, b, sort.key);
    const nullInvolved = a[sort.key] === null || b[sort.key] === null;
    return nullInvolved || !sort.descending ? order : -order;
  }) : [];
  const sortBy = (key: Key) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'schema' && key !== 'name' }));

  return (
    <section aria-label="Table statistics">
      <div className="toolbar">
        <button type="button" onClick={() => setReload((n) => n + 1)} disabled={loading}>{loading ? 'Reading…' : 'Refresh'}</button>
        {stats?.note && <span className="muted small">{stats.note}</span>}
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      {stats && stats.tables.length === 0 && <p className="muted">No tables in this database.</p>}
      {sorted.length > 0 && (
        <div className={styles.tableBox}>
          <table className={styles.table} aria-label="Tables">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c.key} className={c.kind === 'text' ? undefined : styles.numeric} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                    <button type="button" className={styles.sortButton} onClick={() => sortBy(c.key)}>
                      {c.label}{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((t) => (
                <tr key={`${t.schema}.${t.name}`}>
                  {COLUMNS.map((c) => <td key={c.key} className={c.kind === 'text' ? undefined : styles.numeric}>{cell(t, c)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {stats?.unusedIndexes && (
        <>
          <h2 className={styles.section}>Unused indexes</h2>
          {stats.unusedIndexes.length === 0 ? <p className="muted">Every index has been used since statistics were last reset.</p> : (
            <div className={styles.tableBox}>
              <table className={styles.table} aria-label="Unused indexes">
                <thead><tr><th>Schema</th><th>Table</th><th>Index</th><th>Size</th></tr></thead>
                <tbody>
                  {stats.unusedIndexes.map((i) => (
                    <tr key={`${i.schema}.${i.table}.${i.name}`}>
                      <td>{i.schema}</td><td>{i.table}</td><td className={styles.mono}>{i.name}</td>
                      <td className={styles.numeric}>{i.bytes === null ? '–' : formatBytes(i.bytes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
