'use client';
// The editor's tab strip: an ARIA tablist with a roving tabindex — Tab reaches the active
// tab, arrows / Home / End move and activate, Delete closes, F2 renames. The close mark
// is for the mouse (keyboard: Delete, or the Close tab action's keys).
import { useRef } from 'react';
import type { EditorTab } from '../../server/protocol/index.ts';
import styles from './sql.module.css';

export function EditorTabs({ tabs, activeId, running, onActivate, onClose, onRename }: {
  tabs: EditorTab[];
  activeId: string | null;
  running(tabId: string): boolean;
  onActivate(id: string): void;
  onClose(id: string): void;
  onRename(id: string): void;
}) {
  const strip = useRef<HTMLDivElement>(null);
  const focusTab = (id: string) => setTimeout(() => strip.current?.querySelector<HTMLElement>(`[data-tab-id="${CSS.escape(id)}"]`)?.focus(), 0);

  const onKeyDown = (e: React.KeyboardEvent, index: number) => {
    const go = (i: number) => {
      const tab = tabs[(i + tabs.length) % tabs.length];
      if (!tab) return;
      onActivate(tab.id);
      focusTab(tab.id);
    };
    if (e.key === 'ArrowRight') go(index + 1);
    else if (e.key === 'ArrowLeft') go(index - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(tabs.length - 1);
    else if (e.key === 'Delete') {
      const next = tabs[index + 1] ?? tabs[index - 1];
      onClose(tabs[index]!.id);
      if (next) focusTab(next.id);
    } else if (e.key === 'F2') onRename(tabs[index]!.id);
    else return;
    e.preventDefault();
  };

  return (
    <div ref={strip} className={styles.tablist} role="tablist" aria-label="Editor tabs">
      {tabs.map((tab, index) => {
        const selected = tab.id === activeId;
        return (
          <div key={tab.id} role="tab" aria-selected={selected} tabIndex={selected ? 0 : -1} data-tab-id={tab.id} className={styles.tab}
            title={`${tab.title} — Delete closes, F2 renames`}
            onClick={() => onActivate(tab.id)} onDoubleClick={() => onRename(tab.id)} onKeyDown={(e) => onKeyDown(e, index)}>
            {running(tab.id) && <span className={styles.spinner} aria-label="running" />}
            <span>{tab.title}</span>
            <span className={styles.closeTab} aria-hidden title={`Close ${tab.title}`} onClick={(e) => {
              e.stopPropagation();
              onClose(tab.id);
            }}>×</span>
          </div>
        );
      })}
    </div>
  );
}
