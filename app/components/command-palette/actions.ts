// The one registry of user actions: each has its name, its group, its keys and its
// handler, defined once where the action lives (a page registers its own while mounted).
// The command palette lists them, the shortcut list shows their keys, and one keydown
// listener runs them — so a key, its label and what it does cannot drift apart.
import { useEffect, useRef, useSyncExternalStore } from 'react';

export interface Action {
  /** Stable, unique among registered actions, e.g. "sql.new-tab". */
  id: string;
  title: string;
  /** Where it shows in the palette and the shortcut list, e.g. "Editor", "Go to". */
  group: string;
  /** Bindings (keys.ts), the first one shown. */
  keys?: string[];
  run(): void;
  /** Listed in the palette but not run (e.g. Run while there is no connection). */
  disabled?: boolean;
  /** Only for the palette (e.g. "Open table genre"): left out of the shortcut list. */
  paletteOnly?: boolean;
}

const sources = new Map<symbol, () => Action[]>();
const listeners = new Set<() => void>();
let snapshot: Action[] = [];

function changed(): void {
  snapshot = [...sources.values()].flatMap((get) => get());
  for (const listener of listeners) listener();
}

/** Every registered action, in registration order (later registrations win a duplicate id). */
export function currentActions(): Action[] {
  const byId = new Map<string, Action>();
  for (const action of snapshot) byId.set(action.id, action);
  return [...byId.values()];
}

export function useActions(): Action[] {
  useSyncExternalStore(subscribe, () => snapshot, () => snapshot);
  return currentActions();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Registers the actions `build` returns while the calling component is mounted. `build` is
 * called only when the list is read — when `version` (a join of what titles and disabled
 * flags depend on) changes — not on every render; a handler runs the latest render's
 * `build`, so it sees current values.
 */
export function useRegisterActions(build: () => Action[], version: string): void {
  const latest = useRef(build);
  latest.current = build;
  useEffect(() => {
    const key = Symbol('actions');
    sources.set(key, () => latest.current().map((a) => ({ ...a, run: () => latest.current().find((b) => b.id === a.id)?.run() })));
    changed();
    return () => {
      sources.delete(key);
      changed();
    };
  }, []);
  useEffect(changed, [version]);
}
