'use client';
// The explorer panel's width (dragged, or arrow keys on the separator) and whether it is
// hidden, remembered in this browser.
import { useEffect, useState } from 'react';
import styles from './sql.module.css';
import { followPointer } from '../lib/follow-pointer.ts';

const KEY = 'dbt.sql.side';
const MIN = 160;
const MAX = 640;
const DEFAULT = 270;
/** Until the user drags it: at most this share of the window (≤ 30% with the sidebar at 1,024 px). */
const DEFAULT_SHARE = 0.24;

export function useSidePanel() {
  const [state, setState] = useState({ width: DEFAULT, collapsed: false });
  useEffect(() => {
    let next = { width: clamp(Math.min(DEFAULT, window.innerWidth * DEFAULT_SHARE)), collapsed: false };
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { width?: unknown; collapsed?: unknown } | null;
      if (saved) next = { width: clamp(Number(saved.width) || next.width), collapsed: saved.collapsed === true };
    } catch {
      // nothing remembered, or unreadable: the defaults
    }
    setState(next);
  }, []);
  const save = (next: { width: number; collapsed: boolean }) => {
    setState(next);
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // storage full or disabled: kept for this page only
    }
  };
  return {
    width: state.width,
    collapsed: state.collapsed,
    setWidth: (width: number) => save({ ...state, width: clamp(width) }),
    setCollapsed: (collapsed: boolean) => save({ ...state, collapsed }),
  };
}

function clamp(width: number): number {
  return Math.round(Math.min(MAX, Math.max(MIN, width)));
}

/** The explorer's right edge: drag it, or focus it and use the arrow keys. */
export function SideResizer({ width, onResize }: { width: number; onResize(width: number): void }) {
  return (
    <div className={styles.sideResizer} role="separator" aria-orientation="vertical" aria-label="Explorer width" tabIndex={0}
      aria-valuenow={width} aria-valuemin={MIN} aria-valuemax={MAX}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          onResize(width + (e.key === 'ArrowLeft' ? -20 : 20));
        }
      }}
      onPointerDown={(e) => {
        e.preventDefault();
        const start = e.clientX - width;
        followPointer((ev) => onResize(ev.clientX - start));
      }} />
  );
}
