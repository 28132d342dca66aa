'use client';
// The grid's context menu (copy the selection in a format, view the cell) and the cell
// viewer, a dialog that shows a long value in full.
import { ContextMenu, type MenuItem } from '../../components/context-menu.tsx';
import { Dialog } from '../../components/dialog.tsx';
import type { CopyFormat } from './copy-formats.ts';
import styles from './results.module.css';

const COPY_ITEMS: { format: CopyFormat; label: string; keys?: string }[] = [
  { format: 'tsv', label: 'Copy', keys: 'Ctrl+C' },
  { format: 'tsv-headers', label: 'Copy with headers' },
  { format: 'csv', label: 'Copy as CSV' },
  { format: 'json', label: 'Copy as JSON' },
  { format: 'insert', label: 'Copy as SQL INSERT' },
];

export function GridMenu({ x, y, onCopy, onView, onClose }: { x: number; y: number; onCopy(format: CopyFormat): void; onView(): void; onClose(): void }) {
  const items: MenuItem[] = [
    ...COPY_ITEMS.map((item) => ({ label: item.label, keys: item.keys, run: () => onCopy(item.format) })),
    { label: 'View value', keys: 'Enter', run: onView },
  ];
  return <ContextMenu x={x} y={y} label="Cell actions" items={items} onClose={onClose} />;
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
