'use client';
// The grid's header row: click a header to sort (▲ ▼, then off), drag its right edge to
// resize, drag the header itself to move the column. One pointer gesture decides which:
// under 5 px of movement it is a click.
import type { ResultColumn } from '../../../server/protocol/index.ts';
import type { SortDirection } from './sort-rows.ts';
import styles from './results.module.css';

const DRAG_THRESHOLD = 5;
export const MIN_COLUMN_WIDTH = 40;

export interface HeaderProps {
  columns: ResultColumn[];
  /** Display position → data column. */
  order: number[];
  /** By data column. */
  widths: number[];
  /** Visible display positions with their left offset. */
  visible: { index: number; start: number; key: React.Key }[];
  rowNumberWidth: number;
  height: number;
  totalWidth: number;
  sort: { column: number; direction: SortDirection } | null;
  /** Display position the pointer is over while a column is dragged. */
  dropTarget: number | null;
  onSort(column: number): void;
  onResize(column: number, width: number): void;
  onDragOver(position: number | null): void;
  onMove(from: number, to: number): void;
  /** Display position under a content x coordinate. */
  positionAt(clientX: number): number;
}

export function GridHeader(p: HeaderProps) {
  const startDrag = (e: React.PointerEvent, position: number) => {
    if (e.button !== 0) return;
    const startX = e.clientX;
    let dragging = false;
    const move = (ev: PointerEvent) => {
      if (!dragging && Math.abs(ev.clientX - startX) < DRAG_THRESHOLD) return;
      dragging = true;
      p.onDragOver(p.positionAt(ev.clientX));
    };
    const up = (ev: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      p.onDragOver(null);
      if (dragging) p.onMove(position, p.positionAt(ev.clientX));
      else p.onSort(p.order[position]!);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const startResize = (e: React.PointerEvent, column: number) => {
    e.stopPropagation();
    e.preventDefault();
    const startX = e.clientX;
    const startWidth = p.widths[column]!;
    const move = (ev: PointerEvent) => p.onResize(column, Math.max(MIN_COLUMN_WIDTH, startWidth + ev.clientX - startX));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <div className={styles.headerRow} role="row" aria-rowindex={1} style={{ width: p.totalWidth, height: p.height }}>
      <div className={styles.corner} role="columnheader" aria-label="Row number" style={{ width: p.rowNumberWidth }}>#</div>
      {p.visible.map((v) => {
        const data = p.order[v.index]!;
        const column = p.columns[data]!;
        const sorted = p.sort?.column === data ? p.sort.direction : null;
        return (
          <div key={v.key} role="columnheader" aria-colindex={v.index + 2} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
            className={`${styles.headerCell} ${p.dropTarget === v.index ? styles.dropTarget : ''}`} title={`${column.name} (${column.type}) — click to sort, drag to move`}
            style={{ left: v.start, width: p.widths[data], textAlign: column.numeric ? 'right' : 'left' }}
            onPointerDown={(e) => startDrag(e, v.index)}>
            {column.name} <span className={styles.type}>{column.type}</span>
            {sorted && <span className={styles.sortMark} aria-hidden>{sorted === 'asc' ? ' ▲' : ' ▼'}</span>}
            <span className={styles.resizeHandle} role="separator" aria-orientation="vertical" aria-label={`Resize ${column.name}`} onPointerDown={(e) => startResize(e, data)} />
          </div>
        );
      })}
    </div>
  );
}
