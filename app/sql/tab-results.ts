// Each editor tab's last run, kept in the page's memory (not in React state) so its results
// are still there when you go to another page of the app and come back; a run that is still
// streaming or paused keeps going meanwhile (the query socket is page-wide too). Bounded:
// a finished run of a tab you are not looking at keeps at most TAB_RESULT_BUDGET bytes of
// rows — the earlier statements' rows go first, then the tail — and the grid says so.
import type { QueryRun } from '../lib/query-run.ts';

/** Per tab: about the memory of a few hundred thousand narrow rows. */
export const TAB_RESULT_BUDGET = 100 * 1024 * 1024;

export interface TabRun {
  run: QueryRun;
  /** Where the run's SQL starts in the tab's text (to mark errors). */
  offset: number;
}

const runs = new Map<string, TabRun>();
const listeners = new Set<() => void>();
/** How soon a change is shown: before the next paint, in the next frame, or after the interval. */
export type Urgency = 'now' | 'frame' | 'later';
let pending: Urgency | null = null;
let frame: number | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let lastNotified = 0;
/**
 * While rows stream in, the page shows them four times a second: each update re-renders the
 * page (grid, status line) on the thread that also takes in the frames, and at ten a second
 * those renders were most of the page's work during "Fetch all" of a million rows.
 */
const MIN_UPDATE_INTERVAL_MS = 250;

function notify(): void {
  if (frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
  if (timer !== null) clearTimeout(timer);
  pending = null;
  frame = null;
  timer = null;
  lastNotified = performance.now();
  for (const listener of listeners) listener();
}

export const tabResults = {
  get(tabId: string): TabRun | undefined {
    return runs.get(tabId);
  },

  /** Keeps `entry` as the tab's run; the previous one stops listening. */
  set(tabId: string, entry: TabRun): void {
    const previous = runs.get(tabId);
    if (previous && previous.run !== entry.run) previous.run.dispose();
    runs.set(tabId, entry);
    // The first rows, and the end or a pause, show before the next paint (not after the
    // interval that the statement message started), so what the status line says agrees with
    // what the grid holds; the statement and its columns in the next frame, with the rows
    // that usually come with them.
    let rowsShown = false;
    entry.run.onChange = () => {
      const before = rowsShown;
      rowsShown = entry.run.state.statements.some((st) => st.rowCount > 0);
      const urgency = (rowsShown && !before) || !entry.run.running || entry.run.paused ? 'now' : before ? 'later' : 'frame';
      tabResults.changed(urgency);
    };
    tabResults.changed('frame');
  },

  delete(tabId: string): void {
    runs.get(tabId)?.run.dispose();
    runs.delete(tabId);
    tabResults.changed();
  },

  /** Applies the bound to every tab but `visibleTabId` (null: the page is being left). */
  trim(visibleTabId: string | null): void {
    for (const [tabId, { run }] of runs) if (tabId !== visibleTabId) run.trimTo(TAB_RESULT_BUDGET);
  },

  /**
   * Tells the page, at most every MIN_UPDATE_INTERVAL_MS unless sooner is asked for: a million
   * rows arrive in hundreds of batches, and rendering and painting after each one was most of
   * the time the page spent on them (bench/browser-grid.ts). Always from a task or microtask
   * of its own, never inside the caller (which may be React committing): listeners may render
   * synchronously.
   */
  changed(urgency: Urgency = 'later'): void {
    if (urgency === 'now') {
      if (pending !== 'now') queueMicrotask(notify);
      pending = 'now';
    } else if (urgency === 'frame' || performance.now() >= lastNotified + MIN_UPDATE_INTERVAL_MS) {
      if (pending === 'now' || pending === 'frame') return;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = 'frame';
      if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(notify);
      else queueMicrotask(notify);
    } else if (pending === null) {
      pending = 'later';
      timer = setTimeout(() => tabResults.changed('frame'), lastNotified + MIN_UPDATE_INTERVAL_MS - performance.now());
    }
  },

  /**
   * Changes when a tab's run starts, pauses, resumes or ends — not when rows arrive: the page
   * around the results re-renders on this (Run and Stop, the tabs' running marks), and only
   * the results panel on every update.
   */
  phase(): string {
    let phase = '';
    for (const [tabId, { run }] of runs) phase += `${tabId}:${run.state.id}:${run.state.status}:${run.paused};`;
    return phase;
  },

  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
