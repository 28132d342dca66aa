'use client';
// The grid's context menu (copy the selection in a format, view the cell) and the cell
// viewer, a dialog that shows a long value in full.
import { useEffect, useRef } from 'react';
import { Dialog } from '../../components/dialog.tsx';
import type { CopyFormat } from './copy-formats.ts';
import styles from './results.module.css';

export const MENU_ITEMS: { format: CopyFormat; label: string; keys?: string }[] = [
  { format: 'tsv', label: 'Copy', keys: 'Ctrl+C' },
  { format: 'tsv-headers', label: 'Copy with headers' },
  { format: 'csv', label: 'Copy as CSV' },
  { format: 'json', label: 'Copy as JSON' },
  { format: 'insert', label: 'Copy as SQL INSERT' },
];

export function GridMenu({ x, y, onCopy, onView, onClose }: { x: number; y: number; onCopy(format: CopyFormat): void; onView(): void; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const away = (e: PointerEvent) => !ref.current?.contains(e.target as Node) && onClose();
    window.addEventListener('pointerdown', away);
    return () => window.removeEventListener('pointerdown', away);
  }, [onClose]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      onClose();
    }
  };
  return (
    <div ref={ref} className={styles.menu} role="menu" aria-label="Cell actions" style={{ left: x, top: y }} onKeyDown={onKeyDown}>
      {MENU_ITEMS.map((item) => (
        <button key={item.format} type="button" role="menuitem" onClick={() => onCopy(item.format)}>
          {item.label}{item.keys && <span className="muted small">{item.keys}</span>}
        </button>
      ))}
      <button type="button" role="menuitem" onClick={onView}>View value<span className="muted small">Enter</span></button>
    </div>
  );
}

export function CellViewer({ column, row, value, onClose }: { column: string; row: number; value: string | null; onClose(): void }) {
  return (
    <Dialog open title={`${column} · row ${row.toLocaleString()}`} onClose={onClose} wide>
      <div className={styles.cellViewer}>
        <p className="muted small">{value === null ? 'NULL' : `${value.length.toLocaleString()} characters`}</p>
        <pre aria-label="Cell value" tabIndex={0}>{value === null ? 'NULL' : value}</pre>
        <footer>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(value ?? '')}>Copy value</button>
          <button type="button" className="primary" onClick={onClose} autoFocus>Close</button>
        </footer>
      </div>
    </Dialog>
  );
}
