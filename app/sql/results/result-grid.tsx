'use client';
// A result set in a grid that only renders what is visible (rows and columns), so a
// million rows or two hundred columns scroll smoothly. Rows are fetched as you scroll near
// the end. Clicking a cell shows its full value below.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { rowAt, type StatementResult } from '../../lib/query-run.ts';
import styles from './results.module.css';

const ROW_HEIGHT = 24;
const ROW_NUMBER_WIDTH = 64;
const FETCH_AHEAD_ROWS = 300;

export function ResultGrid({ result, version, onNeedMore }: { result: StatementResult; version: number; onNeedMore(): void }) {
  const columns = result.columns ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<{ row: number; col: number } | null>(null);
  const widths = useMemo(() => columnWidths(result), [result.columns, result.chunks.length > 0]); // eslint-disable-line react-hooks/exhaustive-deps
  const offsets = useMemo(() => widths.reduce<number[]>((acc, w) => [...acc, acc.at(-1)! + w], [ROW_NUMBER_WIDTH]), [widths]);

  const rows = useVirtualizer({ count: result.rowCount, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const cols = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => widths[i] ?? 120,
    overscan: 3,
  });
  const visibleRows = rows.getVirtualItems();
  const visibleCols = cols.getVirtualItems();
  const lastVisible = visibleRows.at(-1)?.index ?? 0;

  useEffect(() => {
    if (result.waiting && lastVisible > result.rowCount - FETCH_AHEAD_ROWS) onNeedMore();
  }, [lastVisible, result.waiting, result.rowCount, onNeedMore]);

  useEffect(() => setSelected(null), [result]);

  const totalWidth = offsets.at(-1)!;
  const selectedValue = selected ? rowAt(result, selected.row)?.[selected.col] : undefined;

  return (
    <div className={styles.gridWrap}>
      <div ref={scroller} className={styles.grid} role="grid" aria-rowcount={result.rowCount + 1} aria-colcount={columns.length} data-version={version}>
        <div style={{ width: totalWidth, height: rows.getTotalSize() + ROW_HEIGHT, position: 'relative' }}>
          <div className={styles.headerRow} role="row" style={{ width: totalWidth, height: ROW_HEIGHT }}>
            <div className={styles.rowNumber} style={{ width: ROW_NUMBER_WIDTH }} />
            {visibleCols.map((c) => {
              const column = columns[c.index]!;
              return (
                <div key={c.key} role="columnheader" className={styles.headerCell} title={`${column.name} (${column.type})`}
                  style={{ left: offsets[c.index], width: widths[c.index], textAlign: column.numeric ? 'right' : 'left' }}>
                  {column.name} <span className={styles.type}>{column.type}</span>
                </div>
              );
            })}
          </div>
          {visibleRows.map((r) => {
            const cells = rowAt(result, r.index);
            return (
              <div key={r.key} role="row" className={styles.row} style={{ top: r.start + ROW_HEIGHT, height: ROW_HEIGHT, width: totalWidth }}>
                <div className={styles.rowNumber} style={{ width: ROW_NUMBER_WIDTH }}>{r.index + 1}</div>
                {visibleCols.map((c) => {
                  const value = cells?.[c.index];
                  const isSelected = selected?.row === r.index && selected.col === c.index;
                  return (
                    <div key={c.key} role="gridcell" onClick={() => setSelected({ row: r.index, col: c.index })}
                      className={`${styles.cell} ${value === null ? styles.null : ''} ${isSelected ? styles.selected : ''}`}
                      style={{ left: offsets[c.index], width: widths[c.index], textAlign: columns[c.index]!.numeric ? 'right' : 'left' }}>
                      {value === null ? 'NULL' : value}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {selected && selectedValue !== undefined && (
        <div className={styles.viewer} aria-label="Cell value">
          <span className="muted small">{columns[selected.col]?.name} · row {selected.row + 1}</span>
          <pre>{selectedValue === null ? 'NULL' : selectedValue}</pre>
          <button type="button" onClick={() => navigator.clipboard?.writeText(selectedValue ?? '')}>Copy</button>
        </div>
      )}
    </div>
  );
}

/** Width from the header and a sample of the first rows, in monospace characters. */
function columnWidths(result: StatementResult): number[] {
  const sample = result.chunks[0]?.slice(0, 200) ?? [];
  return (result.columns ?? []).map((column, i) => {
    let chars = column.name.length + column.type.length + 2;
    for (const row of sample) chars = Math.max(chars, Math.min(60, (row[i] ?? 'NULL').length));
    return Math.min(420, Math.max(64, chars * 7.4 + 20));
  });
}
