'use client';
// The SQL workbench: explorer | tabs + editor + results. Each tab has its own connection
// and its own database session on the server (the tab id is the session id), so SET and
// transactions persist in a tab between runs.
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import {
  dialectOf,
  routes,
  statementAt,
  WS_PATHS,
  type CompletionSchema,
  type QueryClientMessage,
  type QueryServerMessage,
  type SavedConnection,
} from '../../server/protocol/index.ts';
import { api } from '../lib/api.ts';
import { dataHref } from '../lib/links.ts';
import { QueryRun, type ServerSort } from '../lib/query-run.ts';
import { useConnections } from '../lib/use-connections.ts';
import { sharedSocket, useSocketState } from '../lib/use-socket.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { EditorTabs } from './editor-tabs.tsx';
import { SqlEditor, type RunMode, type SqlEditorHandle } from './editor/sql-editor.tsx';
import { Explorer } from './explorer/explorer.tsx';
import { HistoryPanel } from './history-panel.tsx';
import { ResultsPanel } from './results/results-panel.tsx';
import styles from './sql.module.css';
import { sortedQuery } from './results/sorted-query.ts';
import { tabResults } from './tab-results.ts';
import { SideResizer, useSidePanel } from './side-panel.tsx';
import { useWorkbenchActions } from './workbench-actions.ts';
import { useWorkspace } from './use-workspace.ts';
import { followPointer } from '../lib/follow-pointer.ts';

/** Statements after which the explorer and the completion schema are read again. */
const SCHEMA_CHANGE = /\b(create|drop|alter|rename)\b/i;

const STARTER_SQL = '-- Ctrl+Enter runs the statement at the cursor; Ctrl+Shift+Enter runs them all.\nSELECT 1;\n';

export function Workbench() {
  const params = useSearchParams();
  const { connections, loaded: connectionsLoaded, connect } = useConnections();
  const workspace = useWorkspace();
  const { activeTab } = workspace;
  const editor = useRef<SqlEditorHandle>(null);
  const [socket] = useState(() => (typeof window === 'undefined' ? undefined : sharedSocket<QueryClientMessage, QueryServerMessage>(WS_PATHS.query)));
  const socketState = useSocketState(socket);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [completion, setCompletion] = useState<CompletionSchema | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const [editorShare, setEditorShare] = useState(45);
  const [formatError, setFormatError] = useState<string | null>(null);
  const router = useRouter();
  const side = useSidePanel();
  const [schemaVersion, setSchemaVersion] = useState(0);
  const schemaRuns = useRef(new WeakSet<QueryRun>());

  const connection = connections.find((c) => c.id === activeTab?.connectionId);
  const dialect = connection ? dialectOf(connection.settings.engine) : undefined;
  const current = activeTab ? tabResults.get(activeTab.id) : undefined;
  const busy = Boolean(current?.run.running && !current.run.paused);

  // Results live outside React (tab-results.ts): follow them, mark the active tab's error,
  // and bound the tabs not shown — also when the page is left.
  const shownPhase = useRef('');
  useEffect(() => tabResults.subscribe(() => {
    const shown = activeTabRef.current ? tabResults.get(activeTabRef.current) : undefined;
    // A finished run that may have changed the schema (a Drop from the explorer's menu, a CREATE): re-read it.
    const finished = shown?.run;
    if (finished && ['done', 'failed', 'cancelled'].includes(finished.state.status) && !schemaRuns.current.has(finished) && SCHEMA_CHANGE.test(finished.state.sql)) {
      schemaRuns.current.add(finished);
      setSchemaVersion((v) => v + 1);
    }
    const failed = shown?.run.state.statements.find((s) => s.error?.position != null);
    if (failed) editor.current?.markError(shown!.offset + failed.error!.position!);
    // The results panel follows the rows itself; this page re-renders when a run starts,
    // pauses or ends — now, so it is in the next paint (tab-results.ts never calls this
    // inside React's own work).
    const phase = tabResults.phase();
    if (phase === shownPhase.current) return;
    shownPhase.current = phase;
    flushSync(rerender);
  }), []);
  useEffect(() => {
    tabResults.trim(activeTab?.id ?? null);
    return () => tabResults.trim(null);
  }, [activeTab?.id]);

  // First visit: one tab on the requested, a connected, or the first connection.
  // `?sql=` (editorHref, from other pages): a new tab with that text, on the requested connection.
  const wanted = params.get('connection');
  const wantedSql = params.get('sql');
  useEffect(() => {
    if (!workspace.loaded || !connectionsLoaded) return;
    const target = connections.find((c) => c.id === wanted) ?? connections.find((c) => c.status === 'connected') ?? connections[0];
    if (wantedSql != null) {
      void workspace.openTab(target?.id ?? null, wantedSql);
      window.history.replaceState(null, '', '/sql');
    } else if (workspace.tabs.length === 0) void workspace.openTab(target?.id ?? null, STARTER_SQL);
    else if (wanted && activeTab && activeTab.connectionId !== wanted && connections.some((c) => c.id === wanted)) {
      const existing = workspace.tabs.find((t) => t.connectionId === wanted);
      if (existing) workspace.activate(existing.id);
      else void workspace.openTab(wanted, '');
    }
  }, [workspace.loaded, connectionsLoaded, wanted, wantedSql]); // eslint-disable-line react-hooks/exhaustive-deps

  // The tab's connection is opened on demand.
  useEffect(() => {
    if (connection && connection.status === 'disconnected') void connect(connection.id).catch(() => {});
  }, [connection?.id, connection?.status]); // eslint-disable-line react-hooks/exhaustive-deps

  // Autocomplete from the connection's schema.
  useEffect(() => {
    setCompletion(null);
    if (connection?.status !== 'connected') return;
    let live = true;
    api.call(routes.completion, { params: { id: connection.id } }).then((c) => live && setCompletion(c), () => {});
    return () => {
      live = false;
    };
  }, [connection?.id, connection?.status, schemaVersion]);

  /** Starts `sql` in the active tab; a paused run there is closed first (its cursor released on the server). */
  const start = useCallback(async (sql: string, offset: number, options: { confirmed?: boolean; sort?: ServerSort } = {}) => {
    if (!activeTab || !socket || !activeTab.connectionId) return;
    const tabId = activeTab.id;
    const previous = tabResults.get(tabId)?.run;
    if (previous?.running) {
      if (!previous.paused) return;
      previous.cancel();
      await previous.finished;
    }
    editor.current?.markError(null);
    const queryRun = new QueryRun(socket, { connectionId: activeTab.connectionId, sessionId: tabId, sql, confirmedDestructive: Boolean(options.confirmed), sort: options.sort }, () => {});
    tabResults.set(tabId, { run: queryRun, offset });
  }, [activeTab, socket]);

  const run = useCallback((mode: RunMode, confirmed?: { sql: string; offset: number }) => {
    if (!activeTab || !dialect) return;
    let sql: string;
    let offset: number;
    if (confirmed) ({ sql, offset } = confirmed);
    else {
      const { doc, from, to, cursor } = editor.current!.snapshot();
      if (from !== to) [sql, offset] = [doc.slice(from, to), from];
      else if (mode === 'current') {
        const statement = statementAt(dialect, doc, cursor);
        [sql, offset] = statement ? [statement.text, statement.start] : ['', 0];
      } else [sql, offset] = [doc, 0];
    }
    if (!sql.trim()) return;
    editor.current?.closeCompletion();
    void start(sql, offset, { confirmed: Boolean(confirmed) });
  }, [activeTab, dialect, start]);

  /** A partial result sorted by the database: the statement re-run with ORDER BY (or as written, for no sort). */
  const rerunSorted = (statement: string, sort: ServerSort | null) => {
    const sql = sort ? sortedQuery(statement, sort.column, sort.direction) : statement;
    if (sql) void start(sql, current?.offset ?? 0, { sort: sort ?? undefined });
  };
  const activeTabRef = useRef<string | null>(null);
  activeTabRef.current = activeTab?.id ?? null;

  /** Appends `sql` to the tab and runs it — through the guard (the explorer's Drop relies on that). */
  const runSql = (sql: string) => {
    if (!activeTab) return;
    const doc = activeTab.sql.trimEnd();
    const text = doc ? `${doc}\n\n${sql}\n` : `${sql}\n`;
    workspace.updateTab(activeTab.id, { sql: text });
    const offset = text.length - sql.length - 1;
    setTimeout(() => void start(sql, offset), 0);
  };

  const onTabConnection = (connectionId: string) => activeTab && workspace.updateTab(activeTab.id, { connectionId: connectionId || null });

  const newTab = () => void workspace.openTab(activeTab?.connectionId ?? connection?.id ?? null);
  const closeTab = (id: string) => {
    tabResults.get(id)?.run.cancel();
    tabResults.delete(id);
    socket?.send({ type: 'close_session', id: socket.newId(), sessionId: id });
    void workspace.closeTab(id);
  };
  const renameTab = (id: string) => {
    const tab = workspace.tabs.find((t) => t.id === id);
    const title = tab && window.prompt('Tab name', tab.title)?.trim();
    if (title) workspace.updateTab(id, { title });
  };
  const stepTab = (step: number) => {
    const index = workspace.tabs.findIndex((t) => t.id === activeTab?.id);
    const next = workspace.tabs[(index + step + workspace.tabs.length) % workspace.tabs.length];
    if (next) workspace.activate(next.id);
  };

  /** Formats the selection, or the whole text, in the connection's dialect (sql-formatter, loaded on first use). */
  const formatSql = async () => {
    if (!editor.current) return;
    const { doc, from, to } = editor.current.snapshot();
    const [start, end] = from !== to ? [from, to] : [0, doc.length];
    const { format } = await import('sql-formatter');
    try {
      const formatted = format(doc.slice(start, end), { language: dialect?.formatterLanguage ?? 'sql' });
      editor.current.replace(start, end, from !== to ? formatted : `${formatted}\n`);
      setFormatError(null);
    } catch (e) {
      setFormatError(`Cannot format: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  };

  useWorkbenchActions({
    newTab, stepTab, format: () => void formatSql(), run, stop: () => current?.run.cancel(),
    closeTab: () => activeTab && closeTab(activeTab.id),
    toggleExplorer: () => side.setCollapsed(!side.collapsed),
    canRun: Boolean(connection) && !busy,
    running: Boolean(current?.run.running),
    connections: connections.map((c) => ({ id: c.id, name: c.name })),
    useConnection: onTabConnection,
    tables: completion?.tables ?? [],
    openTable: (schema, name) => connection && router.push(dataHref(connection.id, schema, name)),
  });

  if (!workspace.loaded) return <section className="page muted">Loading…</section>;

  return (
    <div className={styles.workbench} style={{ gridTemplateColumns: side.collapsed ? 'auto 1fr' : `${side.width}px auto 1fr` }}>
      {side.collapsed ? (
        <button type="button" className={styles.expandSide} onClick={() => side.setCollapsed(false)} aria-label="Show the explorer" title="Show the explorer" aria-expanded={false}>›</button>
      ) : <aside className={styles.side} aria-label="Explorer">
        <ConnectionPicker connections={connections} value={activeTab?.connectionId ?? ''} onChange={onTabConnection} onCollapse={() => side.setCollapsed(true)} />
        <Explorer connectionId={connection?.id ?? null} connected={connection?.status === 'connected'} dialect={dialect} completion={completion} schemaVersion={schemaVersion} onQuery={runSql} />
      </aside>}
      {!side.collapsed && <SideResizer width={side.width} onResize={side.setWidth} />}
      <section className={styles.main}>
        <div className={styles.tabs}>
          <EditorTabs tabs={workspace.tabs} activeId={activeTab?.id ?? null} onActivate={workspace.activate} onClose={closeTab} onRename={renameTab}
            running={(id) => Boolean(tabResults.get(id)?.run.running && !tabResults.get(id)?.run.paused)} />
          <button type="button" className="icon-button" aria-label="New tab" title="New tab (Alt+T)" onClick={newTab}>+</button>
          <span className={styles.saveState} data-state={workspace.saveState} role={workspace.saveState === 'failed' ? 'alert' : undefined}>{workspace.saveState === 'failed' ? `Not saved — ${workspace.saveError ?? 'server unreachable'}` : ''}</span>
        </div>
        {activeTab ? (
          <>
            <div className={styles.toolbar}>
              <button type="button" className="primary" onClick={() => run('current')} disabled={!connection || busy} title="Ctrl+Enter (closes a paused result)">▶ Run</button>
              <button type="button" onClick={() => run('all')} disabled={!connection || busy} title="Ctrl+Shift+Enter">Run all</button>
              <button type="button" onClick={() => current?.run.cancel()} disabled={!current?.run.running}>■ Stop</button>
              <button type="button" onClick={() => void formatSql()} title="Format the selection or everything (Shift+Alt+F)">Format</button>
              {formatError && <span className={`${styles.formatError} error-text`} role="status">{formatError}</span>}
              <span className={styles.connectionBadge}>
                {connection ? <><span className="status-dot" data-status={connection.status} /> {connection.name}{connection.status === 'error' && <span className="error-text"> — {connection.error}</span>}</> : <span className="muted">No connection for this tab</span>}
              </span>
              <span className={styles.grow} />
              {socketState.status !== 'open' && <span className="muted small">query channel {socketState.status}…</span>}
              <button type="button" onClick={() => setShowHistory((s) => !s)} aria-pressed={showHistory} disabled={!connection}>History</button>
              {connection && <Link className={styles.linkButton} href={`/terminal?cli=${encodeURIComponent(connection.id)}`}>Open CLI</Link>}
            </div>
            <div className={styles.split}>
              <div className={styles.editorPane} style={{ flexBasis: `${editorShare}%` }}>
                <SqlEditor ref={editor} tabId={activeTab.id} value={activeTab.sql} dialect={dialect} completion={completion}
                  onChange={(sql) => {
                    workspace.updateTab(activeTab.id, { sql });
                    if (formatError) setFormatError(null);
                  }} />
                {showHistory && connection && (
                  <HistoryPanel connectionId={connection.id} onPick={(sql) => {
                    editor.current?.insert(sql);
                    setShowHistory(false);
                  }} onClose={() => setShowHistory(false)} />
                )}
              </div>
              <Resizer onResize={setEditorShare} />
              <div className={styles.resultsPane}>
                <ResultsPanel run={current?.run ?? null} connectionId={connection?.id ?? null} dialect={dialect} onSortRerun={rerunSorted}
                  onLocate={(position) => editor.current?.markError((current?.offset ?? 0) + position)} />
              </div>
            </div>
          </>
        ) : (
          <div className="empty-state"><p className="muted">No tab open.</p></div>
        )}
      </section>
      {current?.run.state.status === 'confirm' && (
        <ConfirmDialog findings={current.run.state.confirm} sql={current.run.state.sql}
          onCancel={() => tabResults.delete(activeTab!.id)}
          onConfirm={() => run('current', { sql: current.run.state.sql, offset: current.offset })} />
      )}
    </div>
  );
}

function ConnectionPicker({ connections, value, onChange, onCollapse }: { connections: SavedConnection[]; value: string; onChange(id: string): void; onCollapse(): void }) {
  return (
    <div className={styles.picker}>
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label="Connection of this tab">
        <option value="">Choose a connection…</option>
        {connections.map((c) => <option key={c.id} value={c.id}>{c.status === 'connected' ? '● ' : '○ '}{c.name}</option>)}
      </select>
      <Link href="/connections" className={styles.manage} title="Manage connections">⚙</Link>
      <button type="button" className="icon-button" onClick={onCollapse} aria-label="Hide the explorer" title="Hide the explorer" aria-expanded>‹</button>
    </div>
  );
}

/** Drag to share the height between the editor and the results. */
function Resizer({ onResize }: { onResize(percent: number): void }) {
  return (
    <div className={styles.resizer} role="separator" aria-orientation="horizontal"
      onPointerDown={(e) => {
        const pane = (e.currentTarget.parentElement as HTMLElement).getBoundingClientRect();
        followPointer((ev) => onResize(Math.min(85, Math.max(15, ((ev.clientY - pane.top) / pane.height) * 100))));
      }} />
  );
}
