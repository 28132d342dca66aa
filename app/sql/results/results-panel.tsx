'use client';
// Under the editor: one tab per statement that returned rows, plus Messages (every
// statement's outcome and timing), a live status line, fetch more / all, export.
import { useEffect, useReducer, useState } from 'react';
import { flushSync } from 'react-dom';
import { routes, routeUrl, type Dialect, type RouteBodyInput } from '../../../server/protocol/index.ts';
import type { QueryRun, ServerSort, StatementResult } from '../../lib/query-run.ts';
import { useNow } from '../../lib/use-now.ts';
import { ResultGrid } from './result-grid.tsx';
import { sortedQuery } from './sorted-query.ts';
import styles from './results.module.css';
import { postDownload } from '../../lib/post-download.ts';
import { tabResults } from '../tab-results.ts';

const nf = new Intl.NumberFormat();
const monotonic = () => performance.now();

export function ResultsPanel({ run, connectionId, dialect, onLocate, onSortRerun }: {
  run: QueryRun | null;
  connectionId: string | null;
  dialect: Dialect | undefined;
  onLocate(position: number): void;
  /** Re-runs a statement sorted by the database (a partial result), or unsorted. */
  onSortRerun(statement: string, sort: ServerSort | null): void;
}) {
  // Rows arrive outside React (tab-results.ts): shown when it says, rendered at once so they
  // are in the next paint (a render left to React's scheduler came a task after it).
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => tabResults.subscribe(() => flushSync(rerender)), []);
  const state = run?.state;
  const withRows = state?.statements.filter((s) => s.columns) ?? [];
  const failed = state?.statements.find((s) => s.error);
  // Follow the run: the newest result, or Messages when something failed — unless the user
  // picked a tab since the run last changed that way. Worked out while rendering (not in an
  // effect), so a run's first rows show in the same frame they arrive in.
  const followKey = `${state?.id}:${withRows.length}:${Boolean(failed)}:${Boolean(state?.error)}`;
  const [picked, setPicked] = useState<{ key: string; view: number | 'messages' } | null>(null);
  const automatic: number | 'messages' = failed || state?.error || !withRows.length ? 'messages' : withRows.at(-1)!.index;
  const view = picked?.key === followKey ? picked.view : automatic;
  const setView = (v: number | 'messages') => setPicked({ key: followKey, view: v });

  if (!run || !state) return <div className={styles.panel}><p className={styles.empty}>Run a query to see its results here.</p></div>;
  const current = typeof view === 'number' ? state.statements.find((s) => s.index === view) : undefined;
  // The statement as the user wrote it (a database sort re-runs it wrapped).
  const statement = current ? (state.sort?.statement ?? state.sql.slice(current.start, current.end)) : '';
  const canSortOnServer = Boolean(current && sortedQuery(statement, 0, 'asc'));

  return (
    <div className={styles.panel} data-testid="results">
      <div className={styles.tabs} role="tablist">
        {withRows.map((s, i) => (
          <button key={s.index} type="button" role="tab" className={styles.tab} aria-selected={view === s.index} onClick={() => setView(s.index)}>
            Result {withRows.length > 1 ? i + 1 : ''}
          </button>
        ))}
        <button type="button" role="tab" className={`${styles.tab} ${failed || state.error ? styles.tabError : ''}`} aria-selected={view === 'messages'} onClick={() => setView('messages')}>
          Messages
        </button>
        <span className={styles.spacer} />
        {current?.columns && connectionId && <ExportButtons connectionId={connectionId} sql={state.sql.slice(current.start, current.end)} />}
      </div>
      {state.notice && <p className={styles.notice} role="status">{state.notice}</p>}
      <div className={styles.body}>
        {current?.columns ? (
          <ResultGrid key={`${state.id}:${current.index}`} result={current} version={state.version} dialect={dialect} statement={statement}
            serverSort={state.sort} onNeedMore={() => run.fetchMore()}
            onServerSort={canSortOnServer ? (column, direction) => onSortRerun(statement, direction ? { statement, column, direction } : null) : undefined} />
        ) : (
          <Messages run={run} onLocate={onLocate} />
        )}
      </div>
      <StatusLine run={run} current={current} />
    </div>
  );
}

function Messages({ run, onLocate }: { run: QueryRun; onLocate(position: number): void }) {
  const { state } = run;
  return (
    <div className={styles.messages} role="log" aria-label="Messages">
      {state.error && <p className="error-text">{state.error}</p>}
      <ol>
        {state.statements.map((s) => (
          <li key={s.index}>
            <span className="muted">#{s.index + 1}</span>{' '}
            {s.error ? (
              <span className="error-text">
                {s.error.message}
                {s.error.code && <span className="muted"> ({s.error.code})</span>}
                {s.error.position !== null && (
                  <> — <button type="button" className="link-button" onClick={() => onLocate(s.error!.position!)}>show in editor</button></>
                )}
              </span>
            ) : (
              <span>{outcome(s)}</span>
            )}
          </li>
        ))}
      </ol>
      {state.status === 'cancelled' && <p className="muted">Cancelled.</p>}
    </div>
  );
}

function outcome(s: StatementResult): string {
  if (!s.done) return s.columns ? `${nf.format(s.rowCount)} rows so far…` : 'running…';
  const time = s.elapsedMs === null ? '' : ` in ${formatMs(s.elapsedMs)}`;
  if (s.columns) return `${s.command ?? 'Query'} — ${nf.format(s.rowCount)} ${s.rowCount === 1 ? 'row' : 'rows'}${time}`;
  if (s.affectedRows !== null) return `${s.command ?? 'Statement'} — ${nf.format(s.affectedRows)} ${s.affectedRows === 1 ? 'row' : 'rows'} affected${time}`;
  return `${s.command ?? 'Done'}${time}`;
}

function StatusLine({ run, current }: { run: QueryRun; current: StatementResult | undefined }) {
  const { state } = run;
  const now = useNow(state.status === 'running' && !run.paused, 100, monotonic);
  const elapsed = state.elapsedMs ?? now - state.startedAt;
  return (
    <div className={styles.status} role="status" aria-label="Query status">
      {run.paused && <span className="muted" data-testid="paused">Paused at {nf.format(current?.rowCount ?? 0)} rows — the query waits for Fetch more; Run closes it</span>}
      {state.status === 'running' && !run.paused && <span className="muted">Running… {formatMs(elapsed)}</span>}
      {state.status === 'done' && <span>Done in {formatMs(elapsed)}</span>}
      {state.status === 'failed' && <span className="error-text">Failed after {formatMs(elapsed)}</span>}
      {state.status === 'cancelled' && <span className="muted">Cancelled after {formatMs(elapsed)}</span>}
      {current?.columns && (
        <span data-testid="row-count">
          {nf.format(current.rowCount)} {current.rowCount === 1 ? 'row' : 'rows'}
          {!current.done && (current.waiting ? ' fetched — more available' : ' so far')}
        </span>
      )}
      {current?.waiting && (
        <>
          <button type="button" onClick={() => run.fetchMore()}>Fetch more</button>
          <button type="button" onClick={() => run.fetchMore(Number.MAX_SAFE_INTEGER)}>Fetch all</button>
        </>
      )}
    </div>
  );
}

function ExportButtons({ connectionId, sql }: { connectionId: string; sql: string }) {
  // A form post: the browser streams the download to disk as the server writes it.
  const exportAs = (format: 'csv' | 'json') => {
    const fields: RouteBodyInput<typeof routes.exportRows> = { sql, format, filename: `result-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}` };
    postDownload(routeUrl(routes.exportRows, { id: connectionId }), fields);
  };
  return (
    <span className="toolbar">
      <button type="button" onClick={() => exportAs('csv')}>Export CSV</button>
      <button type="button" onClick={() => exportAs('json')}>Export JSON</button>
    </span>
  );
}


export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
