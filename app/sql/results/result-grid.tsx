'use client';
// A result set in a grid that only renders what is visible (rows and columns), so a
// million rows or two hundred columns scroll smoothly. Rows are fetched as you scroll near
// the end. Sort (in the browser when the result is complete, by the database when it is
// partial), resize and move columns, select cells and ranges with the mouse or keyboard,
// copy them (Ctrl+C, or the context menu's formats), and open a long value in a viewer.
// The logic lives in plain modules beside this one: grid-selection, sort-rows, copy-formats.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { dialectOf, type Dialect } from '../../../server/protocol/index.ts';
import { cellAt, rowAt, type ServerSort, type StatementResult } from '../../lib/query-run.ts';
import { formatCells, insertTarget, type CopyFormat } from './copy-formats.ts';
import { GridHeader } from './grid-header.tsx';
import { CellViewer, GridMenu } from './grid-menu.tsx';
import { rowWindow, scrollTopFor, useViewport } from './row-window.ts';
import { clampSelection, contains, extendTo, moveSelection, rangeOf, rangeSize, selectAll, single, type Selection } from './grid-selection.ts';
import { sortOrder, type SortDirection } from './sort-rows.ts';
import styles from './results.module.css';

const ROW_HEIGHT = 24;
const ROW_NUMBER_WIDTH = 64;
const FETCH_AHEAD_ROWS = 300;
/**
 * Rows rendered beyond each edge of the viewport: a few, because a scroll renders its rows
 * before the frame is painted (row-window.ts). Each one is laid out and its text shaped on
 * every frame of a fast scroll, and a dozen each side were half the layout work.
 */
const OVERSCAN_ROWS = 3;
const GEOMETRY = { rowHeight: ROW_HEIGHT, headerHeight: ROW_HEIGHT };
const nf = new Intl.NumberFormat();
const FORMAT_NAMES: Record<CopyFormat, string> = { tsv: 'TSV', 'tsv-headers': 'TSV with headers', csv: 'CSV', json: 'JSON', insert: 'SQL INSERT' };

interface SortState {
  column: number;
  direction: SortDirection;
  where: 'browser' | 'database';
  /** Browser sort: view row → data row, once computed. */
  order: Uint32Array | null;
}

export interface ResultGridProps {
  result: StatementResult;
  version: number;
  dialect: Dialect | undefined;
  /** The statement's SQL, for the INSERT target. */
  statement: string;
  /** This result is a database sort of an earlier one. */
  serverSort: ServerSort | null;
  /** Re-runs the statement sorted by the database (null: unsorted); absent when it cannot be. */
  onServerSort: ((column: number, direction: SortDirection | null) => void) | undefined;
  onNeedMore(): void;
}

export function ResultGrid({ result, version, dialect, statement, serverSort, onServerSort, onNeedMore }: ResultGridProps) {
  const columns = result.columns ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [order, setOrder] = useState(() => columns.map((_, i) => i));
  const [userWidths, setUserWidths] = useState<Record<number, number>>({});
  const [dropTarget, setDropTarget] = useState<number | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [viewer, setViewer] = useState<{ row: number; col: number } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [sort, setSort] = useState<SortState | null>(() => (serverSort ? { column: serverSort.column, direction: serverSort.direction, where: 'database', order: null } : null));
  const sorting = useRef<AbortController | null>(null);

  const autoWidths = useMemo(() => columnWidths(result), [result.columns, result.chunks.length > 0]); // eslint-disable-line react-hooks/exhaustive-deps
  const widths = useMemo(() => autoWidths.map((w, i) => userWidths[i] ?? w), [autoWidths, userWidths]);

  // Rows by arithmetic (fixed height, row-window.ts); columns vary in width, so the virtualizer.
  // The sticky header takes the first row's height: rows start below it, and a row scrolled
  // to never hides under it (no sliver above the header after Ctrl+End).
  const viewport = useViewport(scroller);
  const visibleRange = rowWindow(viewport.scrollTop, viewport.height, result.rowCount, GEOMETRY, OVERSCAN_ROWS);
  const cols = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => widths[order[i]!] ?? 120,
    overscan: 3,
    paddingStart: ROW_NUMBER_WIDTH,
    scrollPaddingStart: ROW_NUMBER_WIDTH,
  });
  useEffect(() => cols.measure(), [widths, order]); // eslint-disable-line react-hooks/exhaustive-deps
  const visibleCols = cols.getVirtualItems();
  const lastVisible = Math.max(0, visibleRange.last);
  const totalWidth = cols.getTotalSize();
  const pageRows = Math.max(1, Math.floor(viewport.height / ROW_HEIGHT) - 2);
  const bounds = { rows: result.rowCount, cols: columns.length, pageRows };

  useEffect(() => {
    if (result.waiting && lastVisible > result.rowCount - FETCH_AHEAD_ROWS) onNeedMore();
  }, [lastVisible, result.waiting, result.rowCount, onNeedMore]);
  useEffect(() => () => sorting.current?.abort(), []);

  /** View row → data row. */
  const dataRow = useCallback((view: number) => (sort?.order ? sort.order[view]! : view), [sort]);

  const select = (next: Selection | null, reveal = true) => {
    setSelection(next);
    const el = scroller.current;
    if (next && reveal && el) {
      const top = scrollTopFor(next.focus.row, el.scrollTop, el.clientHeight, GEOMETRY);
      if (top !== null) el.scrollTop = top;
      cols.scrollToIndex(next.focus.col, { align: 'auto' });
    }
  };

  const onSort = (column: number) => {
    const next: SortDirection | null = sort?.column !== column ? 'asc' : sort.direction === 'asc' ? 'desc' : null;
    sorting.current?.abort();
    if (!result.done || (next === null && sort?.where === 'database')) {
      if (onServerSort) onServerSort(column, next);
      else setNote('This statement cannot be re-run sorted; fetch all its rows to sort them here.');
      return;
    }
    if (next === null) {
      setSort(null);
      return;
    }
    const controller = new AbortController();
    sorting.current = controller;
    setSort({ column, direction: next, where: 'browser', order: null });
    const numeric = columns[column]!.numeric;
    sortOrder(result.rowCount, (i) => cellAt(result, i, column), numeric, next, { signal: controller.signal }).then(
      (computed) => !controller.signal.aborted && setSort({ column, direction: next, where: 'browser', order: computed }),
      () => {},
    );
  };

  const block = () => {
    const range = selection && rangeOf(clampSelection(selection, bounds)!);
    if (!range) return null;
    const picked = order.slice(range.left, range.right + 1);
    const cells: (string | null)[][] = [];
    for (let r = range.top; r <= range.bottom; r++) {
      const row = rowAt(result, dataRow(r));
      cells.push(picked.map((c) => row?.[c] ?? null));
    }
    return { columns: picked.map((c) => columns[c]!), cells };
  };

  const copy = (format: CopyFormat) => {
    setMenu(null);
    const selected = block();
    if (!selected) return;
    const text = formatCells(format, dialect ?? dialectOf('sqlite'), insertTarget(statement), selected.columns, selected.cells);
    const size = `${nf.format(selected.cells.length)} ${selected.cells.length === 1 ? 'row' : 'rows'} × ${selected.columns.length} ${selected.columns.length === 1 ? 'column' : 'columns'}`;
    navigator.clipboard?.writeText(text).then(
      () => setNote(`Copied ${size} as ${FORMAT_NAMES[format]}.`),
      () => setNote('Could not write to the clipboard (the browser refused).'),
    );
    scroller.current?.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'c') {
      e.preventDefault();
      copy(e.shiftKey ? 'tsv-headers' : 'tsv');
    } else if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      select(selectAll(bounds), false);
    } else if (e.key === 'Enter' && selection) {
      e.preventDefault();
      setViewer(selection.focus);
    } else if ((e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) && selection) {
      e.preventDefault();
      const rect = scroller.current!.getBoundingClientRect();
      setMenu({ x: rect.left + ROW_NUMBER_WIDTH + 20, y: rect.top + ROW_HEIGHT * 2 });
    } else {
      const next = moveSelection(selection, { key: e.key, shift: e.shiftKey, mod }, bounds);
      if (!next) return;
      e.preventDefault();
      select(next);
    }
  };

  const cellOf = (target: EventTarget) => {
    const el = (target as HTMLElement).closest<HTMLElement>('[data-col]');
    return el ? { row: Number(el.parentElement!.dataset.row), col: Number(el.dataset.col) } : null;
  };

  const positionAt = (clientX: number) => {
    const el = scroller.current!;
    let x = clientX - el.getBoundingClientRect().left + el.scrollLeft - ROW_NUMBER_WIDTH;
    for (let p = 0; p < order.length; p++) {
      x -= widths[order[p]!]!;
      if (x < 0) return p;
    }
    return order.length - 1;
  };

  const moveColumn = (from: number, to: number) => {
    if (from === to) return;
    const next = [...order];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    setOrder(next);
    if (selection) setSelection(single({ row: selection.focus.row, col: to }));
  };

  const range = selection ? rangeOf(selection) : null;
  const focus = selection?.focus;
  const sortedColumn = sort ? columns[sort.column]?.name : null;
  const viewerValue = viewer ? rowAt(result, dataRow(viewer.row))?.[order[viewer.col]!] : undefined;

  return (
    <div className={styles.gridWrap}>
      {(sort || note || result.droppedRows > 0) && (
        <div className={styles.gridNote} data-testid="grid-note">
          {sort && (
            <span>
              Sorted by <b>{sortedColumn}</b> {sort.direction === 'asc' ? '▲ ascending' : '▼ descending'}{' '}
              {sort.where === 'browser'
                ? sort.order ? `in the browser (all ${nf.format(result.rowCount)} rows)` : `— sorting ${nf.format(result.rowCount)} rows in the browser…`
                : 'by the database (the result was partial, so it was re-run with ORDER BY)'}
            </span>
          )}
          {result.droppedRows > 0 && <span className="muted">Only the first {nf.format(result.rowCount)} rows were kept while you were away (older results are bounded); run again for all.</span>}
          {note && <span className="muted" role="status">{note}</span>}
        </div>
      )}
      <div ref={scroller} className={styles.grid} role="grid" tabIndex={0} aria-label="Result" aria-rowcount={result.rowCount + 1} aria-colcount={columns.length + 1}
        aria-multiselectable data-version={version} data-bytes={Math.round(result.bytes)} onKeyDown={onKeyDown}
        onMouseDown={(e) => {
          const cell = cellOf(e.target);
          if (!cell || e.button !== 0) return;
          e.preventDefault(); // no page-text selection on Shift-click or drag
          scroller.current!.focus({ preventScroll: true });
          select(e.shiftKey ? extendTo(selection, cell) : single(cell), false);
          const extend = (ev: MouseEvent) => {
            const over = document.elementFromPoint(ev.clientX, ev.clientY);
            const to = over && scroller.current!.contains(over) ? cellOf(over) : null;
            if (to) setSelection((s) => extendTo(s, to));
          };
          const up = () => {
            window.removeEventListener('mousemove', extend);
            window.removeEventListener('mouseup', up);
          };
          window.addEventListener('mousemove', extend);
          window.addEventListener('mouseup', up);
        }}
        onDoubleClick={(e) => {
          const cell = cellOf(e.target);
          if (cell) setViewer(cell);
        }}
        onContextMenu={(e) => {
          const cell = cellOf(e.target);
          if (!cell) return;
          e.preventDefault();
          if (!range || !contains(range, cell.row, cell.col)) setSelection(single(cell));
          setMenu({ x: e.clientX, y: e.clientY });
        }}>
        <div style={{ width: totalWidth, height: ROW_HEIGHT + result.rowCount * ROW_HEIGHT, position: 'relative' }}>
          <GridHeader columns={columns} order={order} widths={widths} visible={visibleCols} rowNumberWidth={ROW_NUMBER_WIDTH} height={ROW_HEIGHT}
            totalWidth={totalWidth} sort={sort} dropTarget={dropTarget} onSort={onSort} positionAt={positionAt} onDragOver={setDropTarget} onMove={moveColumn}
            onResize={(column, width) => setUserWidths((w) => ({ ...w, [column]: width }))} />
          {Array.from({ length: visibleRange.last - visibleRange.first + 1 }, (_, k) => {
            const index = visibleRange.first + k;
            const cells = rowAt(result, dataRow(index));
            return (
              // Keyed by slot, not row: scrolling reuses the same elements with new text.
              <div key={k} role="row" aria-rowindex={index + 2} data-row={index} className={styles.row} style={{ top: ROW_HEIGHT + index * ROW_HEIGHT, height: ROW_HEIGHT, width: totalWidth }}>
                <div role="rowheader" className={styles.rowNumber} style={{ width: ROW_NUMBER_WIDTH }}>{index + 1}</div>
                {visibleCols.map((c) => {
                  const data = order[c.index]!;
                  const value = cells?.[data];
                  const inRange = range !== null && contains(range, index, c.index);
                  const isFocus = focus?.row === index && focus.col === c.index;
                  return (
                    <div key={c.key} role="gridcell" data-col={c.index} aria-selected={inRange}
                      className={`${styles.cell} ${value === null ? styles.null : ''} ${inRange ? styles.inRange : ''} ${isFocus ? styles.selected : ''}`}
                      style={{ left: c.start, width: widths[data], textAlign: columns[data]!.numeric ? 'right' : 'left' }}>
                      {value === null ? 'NULL' : value}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {range && (
        <div className={styles.selectionBar} data-testid="selection">
          {rangeSize(range).rows * rangeSize(range).cols === 1
            ? `${columns[order[range.left]!]?.name} · row ${nf.format(range.top + 1)}`
            : `${nf.format(rangeSize(range).rows)} × ${rangeSize(range).cols} cells selected`}
          <span className="muted small"> — Ctrl+C copies, Enter or double-click shows the value, right-click for more</span>
        </div>
      )}
      {menu && <GridMenu x={menu.x} y={menu.y} onCopy={copy} onView={() => {
        setMenu(null);
        if (selection) setViewer(selection.focus);
      }} onClose={() => {
        setMenu(null);
        scroller.current?.focus();
      }} />}
      {viewer && viewerValue !== undefined && (
        <CellViewer column={columns[order[viewer.col]!]!.name} row={viewer.row + 1} value={viewerValue} onClose={() => {
          setViewer(null);
          scroller.current?.focus();
        }} />
      )}
    </div>
  );
}

/** Width from the header and a sample of the first rows, in monospace characters. */
function columnWidths(result: StatementResult): number[] {
  const sample = Array.from({ length: Math.min(200, result.chunks[0]?.length ?? 0) }, (_, i) => rowAt(result, i)!);
  return (result.columns ?? []).map((column, i) => {
    let chars = column.name.length + column.type.length + 2;
    for (const row of sample) chars = Math.max(chars, Math.min(60, (row[i] ?? 'NULL').length));
    return Math.min(420, Math.max(64, chars * 7.4 + 28));
  });
}
