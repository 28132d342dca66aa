'use client';
// The Terminal page: tabs of real shells (or a connection's psql / sqlite3), each fitted
// to the panel. /terminal?cli=<connectionId> opens that connection's CLI in a new tab.
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { TabView } from './terminal-tab.ts';
import { terminalWorkspace, type TerminalWorkspaceStore, type WorkspaceView } from './terminal-workspace-store.ts';

const LOADING: WorkspaceView = { status: 'loading', tabs: [] };

export function TerminalWorkspace() {
  const [store, setStore] = useState<TerminalWorkspaceStore>();
  useEffect(() => {
    const s = terminalWorkspace();
    setStore(s);
    void s.open(takeCliParameter());
  }, []);
  const view = useSyncExternalStore(store?.subscribe ?? noopSubscribe, () => store?.view ?? LOADING, () => LOADING);

  return (
    <section className="page page-fill terminal-page">
      <header className="page-header">
        <h1>Terminal</h1>
      </header>
      {view.status === 'loading' && <p className="muted">Loading…</p>}
      {(view.status === 'disabled' || view.status === 'error') && (
        <div className="empty-state" role="alert">
          <p className="empty-title">{view.status === 'disabled' ? 'The terminal is disabled' : 'The terminal could not be loaded'}</p>
          <p className="muted">{view.message}</p>
        </div>
      )}
      {view.status === 'ready' && store && <Tabs store={store} view={view} />}
    </section>
  );
}

function Tabs({ store, view }: { store: TerminalWorkspaceStore; view: WorkspaceView }) {
  return (
    <>
      <div className="terminal-tabs">
        {/* Only tabs inside the tablist: the × is for the mouse (no control inside a tab);
            the keyboard closes the focused tab with Delete. */}
        <div className="terminal-tablist" role="tablist" aria-label="Terminals">
          {view.tabs.map((tab) => {
            const selected = tab.key === view.activeKey;
            return (
              <div key={tab.key} className="terminal-tab" role="tab" aria-selected={selected} tabIndex={selected ? 0 : -1}
                title={`${tab.title} — Delete closes`} aria-keyshortcuts="Delete"
                onClick={() => store.activate(tab.key)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') store.activate(tab.key);
                  else if (e.key === 'Delete') void store.closeTab(tab.key);
                }}>
                <span className="terminal-tab-dot" data-phase={displayPhase(tab)} aria-hidden />
                <span className="terminal-tab-title">{tab.title}</span>
                <span className="terminal-tab-close" aria-hidden title={`Close ${tab.title}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    void store.closeTab(tab.key);
                  }}>×</span>
              </div>
            );
          })}
        </div>
        <button type="button" className="terminal-new" aria-label="New terminal" title="New terminal" onClick={() => store.newTab()}>+</button>
      </div>
      <div className="terminal-area">
        {view.tabs.length === 0 && (
          <div className="empty-state" style={{ margin: 16 }}>
            <p className="empty-title">No terminal open</p>
            <button type="button" onClick={() => store.newTab()}>New terminal</button>
          </div>
        )}
        {view.tabs.map((tab) => (
          <TerminalPane key={tab.key} store={store} view={tab} active={tab.key === view.activeKey} />
        ))}
      </div>
    </>
  );
}

function TerminalPane({ store, view, active }: { store: TerminalWorkspaceStore; view: TabView; active: boolean }) {
  const screenRef = useRef<HTMLDivElement>(null);
  const tab = store.tab(view.key);

  useEffect(() => {
    const element = screenRef.current;
    // Only the visible tab is laid out: xterm.js cannot measure a hidden element.
    if (!active || !tab || !element) return;
    tab.mount(element);
    tab.fit();
    tab.focus();
    const observer = new ResizeObserver(() => tab.fit());
    observer.observe(element);
    return () => observer.disconnect();
  }, [tab, active]);

  const reconnecting = view.connection !== 'open' && view.connection !== 'unauthorized' && (view.phase === 'running' || view.phase === 'starting');
  return (
    <div className="terminal-pane" role="tabpanel" aria-label={view.title} hidden={!active}>
      {reconnecting && <span className="terminal-reconnecting" role="status">{view.phase === 'running' ? 'Reconnecting…' : 'Connecting…'}</span>}
      <div className="terminal-screen" ref={screenRef} data-testid="terminal-screen" />
      {tab && <Banner view={view} store={store} />}
    </div>
  );
}

function Banner({ view, store }: { view: TabView; store: TerminalWorkspaceStore }) {
  const tab = store.tab(view.key)!;
  const closeButton = <button type="button" onClick={() => void store.closeTab(view.key)}>Close tab</button>;
  if (view.connection === 'unauthorized') {
    return <div className="terminal-banner" data-tone="error" role="alert"><span className="banner-text">Session expired: open the link printed by the server again.</span></div>;
  }
  switch (view.phase) {
    case 'exited':
      return (
        <div className="terminal-banner" role="status">
          <span className="banner-text">{describeExit(view)}</span>
          <button type="button" onClick={() => void tab.restart()}>Restart</button>
          {closeButton}
        </div>
      );
    case 'ended':
      return (
        <div className="terminal-banner" role="status">
          <span className="banner-text">This terminal session has ended: the server restarted, or this page was away too long.</span>
          <button type="button" onClick={() => void tab.restart()}>Restart</button>
          {closeButton}
        </div>
      );
    case 'failed':
      return (
        <div className="terminal-banner" data-tone="error" role="alert">
          <span className="banner-text">Could not start {view.cli ? 'the CLI' : 'the shell'}: {view.error}</span>
          <button type="button" onClick={() => void tab.restart()}>Try again</button>
          {closeButton}
        </div>
      );
    case 'detached':
      return (
        <div className="terminal-banner" role="status">
          <span className="banner-text">This terminal is open in another window.</span>
          <button type="button" onClick={() => tab.takeBack()}>Use it here</button>
        </div>
      );
    default:
      return null;
  }
}

function describeExit(view: TabView): string {
  const what = view.title;
  if (view.exit?.signal) return `${what} was ended by signal ${view.exit.signal}.`;
  return `${what} exited${view.exit?.exitCode ? ` with code ${view.exit.exitCode}` : ''}.`;
}

/** The tab's dot: reconnecting shows as such whatever the session's phase. */
function displayPhase(tab: TabView): string {
  if (tab.connection === 'unauthorized') return 'unauthorized';
  if (tab.connection !== 'open' && tab.phase === 'running') return 'reconnecting';
  return tab.phase;
}

/** Reads ?cli=<connectionId> once and removes it, so a reload does not open another CLI tab. */
function takeCliParameter(): string | undefined {
  const url = new URL(location.href);
  const cli = url.searchParams.get('cli') ?? undefined;
  if (cli !== undefined) {
    url.searchParams.delete('cli');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  return cli || undefined;
}

const noopSubscribe = () => () => {};
