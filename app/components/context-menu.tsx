'use client';
// A context menu at a point (right-click, the context-menu key, Shift+F10): the first item
// takes the focus, arrows / Home / End move, Enter runs an item, Escape, Tab or a click
// elsewhere closes it. Used by the explorer and the results grid.
import { useEffect, useRef } from 'react';

export interface MenuItem {
  label: string;
  run(): void;
  /** Shown at the right, e.g. "Ctrl+C". */
  keys?: string;
  danger?: boolean;
}

export function ContextMenu({ x, y, label, items, onClose }: { x: number; y: number; label: string; items: MenuItem[]; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const away = (e: PointerEvent) => !ref.current?.contains(e.target as Node) && onClose();
    window.addEventListener('pointerdown', away);
    return () => window.removeEventListener('pointerdown', away);
  }, [onClose]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    const go = (index: number) => buttons[(index + buttons.length) % buttons.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(buttons.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div ref={ref} className="context-menu" role="menu" aria-label={label} style={{ left: x, top: y }} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button key={item.label} type="button" role="menuitem" className={item.danger ? 'error-text' : undefined} onClick={() => {
          onClose();
          item.run();
        }}>
          {item.label}{item.keys && <span className="muted small">{item.keys}</span>}
        </button>
      ))}
    </div>
  );
}
