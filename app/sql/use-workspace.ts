'use client';
// The editor tabs, loaded from and saved to the server (per tab, debounced), so text
// survives reloads, restarts and the desktop app's changing origin.
import { useCallback, useEffect, useRef, useState } from 'react';
import { routes, type EditorTab } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';

const SAVE_DELAY_MS = 400;

export type SaveState = 'saved' | 'saving' | 'failed';

export function useWorkspace() {
  const [tabs, setTabs] = useState<EditorTab[]>([]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [error, setError] = useState<string | null>(null);
  // Why the last save failed, in the server's words (e.g. disk_full: "The disk is full…").
  const [saveError, setSaveError] = useState<string | null>(null);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const latest = useRef(new Map<string, EditorTab>());

  useEffect(() => {
    api.call(routes.workspace).then(
      (w) => {
        setTabs(w.tabs);
        setActiveId(w.activeTabId ?? w.tabs[0]?.id ?? null);
        setLoaded(true);
      },
      (e) => {
        setError(describeError(e));
        setLoaded(true);
      },
    );
  }, []);

  const persist = useCallback(async (tab: EditorTab) => {
    setSaveState('saving');
    try {
      await api.call(routes.saveTab, { params: { id: tab.id }, body: { title: tab.title, connectionId: tab.connectionId, sql: tab.sql } });
      setSaveState(timers.current.size ? 'saving' : 'saved');
      setSaveError(null);
    } catch (e) {
      setSaveState('failed');
      setSaveError(describeError(e));
    }
  }, []);

  const flush = useCallback(() => {
    for (const [id, timer] of timers.current) {
      clearTimeout(timer);
      const tab = latest.current.get(id);
      if (tab) void persist(tab);
    }
    timers.current.clear();
  }, [persist]);

  // Leaving the page (reload, navigation, desktop restart): write what is pending.
  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  const updateTab = useCallback((id: string, patch: Partial<Omit<EditorTab, 'id'>>) => {
    setTabs((current) =>
      current.map((tab) => {
        if (tab.id !== id) return tab;
        const next = { ...tab, ...patch };
        latest.current.set(id, next);
        clearTimeout(timers.current.get(id));
        timers.current.set(id, setTimeout(() => {
          timers.current.delete(id);
          void persist(next);
        }, SAVE_DELAY_MS));
        setSaveState('saving');
        return next;
      }),
    );
  }, [persist]);

  const saveLayout = useCallback((order: EditorTab[], active: string | null) => {
    void api.call(routes.saveLayout, { body: { order: order.map((t) => t.id), activeTabId: active } }).catch((e) => {
      setSaveState('failed');
      setSaveError(describeError(e));
    });
  }, []);

  const openTab = useCallback(async (connectionId: string | null, sql = '', title?: string) => {
    const id = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const tab: EditorTab = { id, title: title ?? `Query ${nextNumber(tabs)}`, connectionId, sql };
    const order = [...tabs, tab];
    setTabs(order);
    setActiveId(id);
    await persist(tab);
    saveLayout(order, id);
    return tab;
  }, [tabs, persist, saveLayout]);

  const closeTab = useCallback(async (id: string) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    const index = tabs.findIndex((t) => t.id === id);
    const order = tabs.filter((t) => t.id !== id);
    const active = activeId === id ? (order[Math.min(index, order.length - 1)]?.id ?? null) : activeId;
    setTabs(order);
    setActiveId(active);
    await api.call(routes.deleteTab, { params: { id } }).catch(() => {});
    saveLayout(order, active);
  }, [tabs, activeId, saveLayout]);

  const activate = useCallback((id: string) => {
    setActiveId(id);
    saveLayout(tabs, id);
  }, [tabs, saveLayout]);

  return { tabs, activeTab: tabs.find((t) => t.id === activeId) ?? null, loaded, saveState, saveError, error, openTab, closeTab, activate, updateTab };
}

function nextNumber(tabs: EditorTab[]): number {
  const used = tabs.map((t) => /^Query (\d+)$/.exec(t.title)?.[1]).filter(Boolean).map(Number);
  return used.length ? Math.max(...used) + 1 : 1;
}
