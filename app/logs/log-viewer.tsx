'use client';
// The Logs page's "Server log" tab: the server's log as it is written, filterable by level and text, in a
// virtualized list so thousands of lines stay smooth.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { LogLevel } from '../../server/protocol/index.ts';
import { useLiveLog, type LogRow } from './use-live-log.ts';

const LEVELS: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const ROW_HEIGHT = 22;

export function LogViewer() {
  const [minLevel, setMinLevel] = useState<LogLevel>('debug');
  const [search, setSearch] = useState('');
  const [follow, setFollow] = useState(true);
  const [paused, setPaused] = useState(false);
  const { rows, state, clear } = useLiveLog(paused);
  const query = useDeferredValue(search.trim().toLowerCase());

  const visible = useMemo(() => {
    const min = LEVELS.indexOf(minLevel);
    return rows.filter((row) => {
      if (row.kind === 'note') return true;
      if (LEVELS.indexOf(row.entry.level) < min) return false;
      return !query || rowText(row).toLowerCase().includes(query);
    });
  }, [rows, minLevel, query]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  useEffect(() => {
    if (follow && visible.length) virtualizer.scrollToIndex(visible.length - 1, { align: 'end' });
  }, [follow, visible.length, virtualizer]);

  return (
    <>
        <div className="toolbar log-toolbar">
          <label>
            Level{' '}
            <select value={minLevel} onChange={(e) => setMinLevel(e.target.value as LogLevel)} aria-label="Minimum level">
              {LEVELS.map((l) => (
                <option key={l} value={l}>{l} and above</option>
              ))}
            </select>
          </label>
          <input type="search" placeholder="Filter…" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Filter log lines" />
          <label className="check">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
          </label>
          <button type="button" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
            {paused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" onClick={clear}>Clear view</button>
          <span className="muted small" data-testid="log-count">
            {visible.length} of {rows.length} lines{state.status !== 'open' ? ` · ${state.status}` : ''}
          </span>
        </div>
      <div className="log-list" ref={scrollRef} role="log" aria-label="Server log">
        {visible.length === 0 ? (
          <p className="muted log-empty">{rows.length ? 'No line matches the filter.' : 'Waiting for log lines…'}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = visible[item.index]!;
              return (
                <div key={row.key} className={`log-row ${row.kind === 'entry' ? `level-${row.entry.level}` : 'log-note'}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                  {row.kind === 'note' ? <span>— {row.text} —</span> : <LogLine row={row} />}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </>
  );
}

function LogLine({ row }: { row: Extract<LogRow, { kind: 'entry' }> }) {
  const { entry } = row;
  const fields = formatFields(entry.fields);
  return (
    <>
      <time className="log-time" dateTime={entry.time}>{entry.time.slice(11, 23)}</time>
      <span className="log-level">{entry.level}</span>
      <span className="log-msg">{entry.msg}</span>
      {fields && <span className="log-fields" title={fields}>{fields}</span>}
    </>
  );
}

function formatFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

function rowText(row: LogRow): string {
  return row.kind === 'note' ? row.text : `${row.entry.level} ${row.entry.msg} ${formatFields(row.entry.fields)}`;
}
