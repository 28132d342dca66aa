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
/** A notification is coming in the next frame, or after the interval. */
let frameRequested = false;
let timer: ReturnType<typeof setTimeout> | null = null;
let lastNotified = 0;
/**
 * While rows stream in, the page shows them four times a second: each update re-renders the
 * page (grid, status line) on the thread that also takes in the frames, and at ten a second
 * those renders were most of the page's work during "Fetch all" of a million rows.
 */
const MIN_UPDATE_INTERVAL_MS = 250;

function notify(): void {
  frameRequested = false;
  lastNotified = performance.now();
  for (const listener of listeners) listener();
}

function notifyInFrame(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (frameRequested) return;
  frameRequested = true;
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(notify);
  else notify();
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
    // Until its first rows are shown, and when it ends or pauses, a run shows in the next
    // frame: the columns and first rows at once (not after the interval that the statement
    // message started), and what the status line says agrees with what the grid holds.
    let rowsShown = false;
    entry.run.onChange = () => {
      const first = !rowsShown;
      rowsShown = entry.run.state.statements.some((st) => st.rowCount > 0);
      tabResults.changed(first || !entry.run.running || entry.run.paused);
    };
    tabResults.changed(true);
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
   * Tells the page, in a frame, at most every MIN_UPDATE_INTERVAL_MS: a million rows arrive
   * in hundreds of batches, and rendering and painting after each one was most of the time
   * the page spent on them (bench/browser-grid.ts). The first change shows at once, and
   * an `urgent` one in the next frame.
   */
  changed(urgent = false): void {
    if (frameRequested) return;
    const wait = urgent ? 0 : lastNotified + MIN_UPDATE_INTERVAL_MS - performance.now();
    if (wait <= 0) notifyInFrame();
    else timer ??= setTimeout(notifyInFrame, wait);
  },

  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
