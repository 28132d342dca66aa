'use client';
// The Logs page: "Activity" (the audit trail) and "Server log" (the live log) as tabs;
// the tab is kept in the address (?tab=server) so a link or a reload opens the same one.
import { useEffect, useState } from 'react';
import { ActivityView } from './activity-view.tsx';
import { LogViewer } from './log-viewer.tsx';

type Tab = 'activity' | 'server';
const TABS: { id: Tab; label: string }[] = [
  { id: 'activity', label: 'Activity' },
  { id: 'server', label: 'Server log' },
];

export function LogsPage() {
  const [tab, setTab] = useState<Tab>('activity');
  useEffect(() => {
    if (new URLSearchParams(window.location.search).get('tab') === 'server') setTab('server');
  }, []);
  function choose(next: Tab) {
    setTab(next);
    const url = new URL(window.location.href);
    if (next === 'server') url.searchParams.set('tab', 'server');
    else url.searchParams.delete('tab');
    window.history.replaceState(window.history.state, '', url);
  }
  return (
    <section className="page page-fill">
      <header className="page-header">
        <h1>Logs</h1>
        <div role="tablist" aria-label="Logs" className="tabs">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" id={`logs-tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`logs-panel-${t.id}`}
              className="tab" onClick={() => choose(t.id)}>
              {t.label}
            </button>
          ))}
        </div>
      </header>
      <div role="tabpanel" id={`logs-panel-${tab}`} aria-labelledby={`logs-tab-${tab}`} className="logs-panel">
        {tab === 'activity' ? <ActivityView /> : <LogViewer />}
      </div>
    </section>
  );
}
