'use client';
// A data tab's grid: only the visible rows are rendered (fixed row height, row-window.ts).
// Header click sorts (Shift adds a column), a filter box under each header, staged cells
// marked (edited, new, deleted), NULL shown apart from an empty string, foreign-key cells
// with a link to the referenced row, inline editing (double-click or Enter).
import { useRef, useState, type KeyboardEvent } from 'react';
import type { ForeignLink, SortTerm, TableInfo } from '../../server/protocol/index.ts';
import { rowWindow, scrollTopFor, useViewport } from '../sql/results/row-window.ts';
import styles from './data.module.css';
import type { Staged } from './staged-changes.ts';

type Cell = string | null;
export type DisplayRow = { kind: 'read'; row: Cell[]; id: string } | { kind: 'insert'; id: number; values: Record<string, Cell> };

const ROW_HEIGHT = 26;
const GEOMETRY = { rowHeight: ROW_HEIGHT, headerHeight: ROW_HEIGHT * 2 };

export interface DataGridProps {
  info: TableInfo;
  /** Column names in the page's order. */
  columns: string[];
  visible: string[];
  rows: DisplayRow[];
  staged: Staged;
  sort: SortTerm[];
  filterTexts: Record<string, string>;
  current: { row: number; column: string } | null;
  selected: ReadonlySet<number>;
  failedRow: number | null;
  onSort(column: string, additive: boolean): void;
  onFilterText(column: string, text: string): void;
  onCurrent(row: number, column: string): void;
  onSelectRow(row: number, mode: 'single' | 'toggle' | 'range'): void;
  onEdit(row: number, column: string, value: Cell): void;
  onOpen(row: number, column: string): void;
  onFollow(link: ForeignLink, row: number): void;
  /** A header dragged onto another: `name` goes just before `before`. */
  onMoveColumn(name: string, before: string): void;
}

/** The value a display row shows in a column, staged edits applied; undefined: the column's default (a new row). */
export function shownValue(row: DisplayRow, columns: string[], staged: Staged, column: string): Cell | undefined {
  if (row.kind === 'insert') return column in row.values ? row.values[column]! : undefined;
  const edit = staged.edits[row.id];
  if (edit && column in edit.values) return edit.values[column]!;
  return row.row[columns.indexOf(column)] ?? null;
}

/** The drag data type of a header being moved. */
const DRAGGED_COLUMN = 'application/x-db-toolkit-column';

export function DataGrid(props: DataGridProps) {
  const { info, columns, visible, rows, staged, sort, current, selected, failedRow } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const viewport = useViewport(scroller);
  const [editing, setEditing] = useState<{ row: number; column: string; text: string } | null>(null);
  const range = rowWindow(viewport.scrollTop, viewport.height, rows.length, GEOMETRY, 10);
  const byName = new Map(info.columns.map((c) => [c.name, c]));
  const width = (name: string) => Math.min(320, Math.max(96, name.length * 8 + 48));
  const links = new Map<string, ForeignLink>();
  for (const link of info.references) links.set(link.columns[0]!, link);
  const readOnly = !info.key;

  const startEdit = (row: number, column: string) => {
    if (readOnly || !rows[row]) return;
    const value = shownValue(rows[row]!, columns, staged, column);
    setEditing({ row, column, text: value ?? '' });
  };
  const commit = () => {
    if (!editing) return;
    props.onEdit(editing.row, editing.column, editing.text);
    setEditing(null);
    scroller.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (editing || !current) return;
    const col = visible.indexOf(current.column);
    const move = (row: number, c: number) => {
      const r = Math.max(0, Math.min(rows.length - 1, row));
      props.onCurrent(r, visible[Math.max(0, Math.min(visible.length - 1, c))]!);
      const top = scrollTopFor(r, viewport.scrollTop, viewport.height, GEOMETRY);
      if (top !== null && scroller.current) scroller.current.scrollTop = top;
    };
    if (e.key === 'ArrowDown') move(current.row + 1, col);
    else if (e.key === 'ArrowUp') move(current.row - 1, col);
    else if (e.key === 'ArrowRight') move(current.row, col + 1);
    else if (e.key === 'ArrowLeft') move(current.row, col - 1);
    else if (e.key === 'Enter') (readOnly || e.shiftKey ? props.onOpen(current.row, current.column) : startEdit(current.row, current.column));
    else if (e.key === 'F2') startEdit(current.row, current.column);
    else return;
    e.preventDefault();
  };

  return (
    <div ref={scroller} className={styles.grid} tabIndex={0} role="grid" aria-label={`Rows of ${info.table}`} aria-rowcount={rows.length} onKeyDown={onKeyDown}>
      <div className={styles.head} role="row">
        <span className={styles.corner}>#</span>
        {visible.map((name) => {
          const column = byName.get(name);
          const position = sort.findIndex((term) => term.column === name);
          const term = sort[position];
          return (
            <span
              key={name}
              role="columnheader"
              className={styles.headCell}
              style={{ width: width(name) }}
              title={`${name} ${column?.dataType ?? ''}${column?.default ? ` default ${column.default}` : ''} — click to sort, Shift+click to add, drag to move`}
              aria-sort={term ? (term.descending ? 'descending' : 'ascending') : 'none'}
              onClick={(e) => props.onSort(name, e.shiftKey)}
              draggable
              onDragStart={(e) => e.dataTransfer.setData(DRAGGED_COLUMN, name)}
              onDragOver={(e) => e.dataTransfer.types.includes(DRAGGED_COLUMN) && e.preventDefault()}
              onDrop={(e) => {
                const dragged = e.dataTransfer.getData(DRAGGED_COLUMN);
                if (dragged) props.onMoveColumn(dragged, name);
              }}
            >
              {column?.key && <span className={styles.keyMark} title="Row key">⚷ </span>}
              {name} <span className={styles.type}>{column?.dataType}</span>
              {term && <span className={styles.sortMark}> {term.descending ? '▼' : '▲'}{sort.length > 1 ? position + 1 : ''}</span>}
            </span>
          );
        })}
      </div>
      <div className={styles.filters} role="row">
        <span className={styles.corner} title="Filters: text (contains), = x, > x, >= x, < x, <= x, a..b, null, !null, in a, b">⚲</span>
        {visible.map((name) => (
          <span key={name} className={styles.filterCell} style={{ width: width(name) }}>
            <FilterBox column={name} text={props.filterTexts[name] ?? ''} onCommit={(text) => props.onFilterText(name, text)} />
          </span>
        ))}
      </div>
      <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
        {rows.slice(range.first, range.last + 1).map((row, offset) => {
          const index = range.first + offset;
          const deleted = row.kind === 'read' && row.id in staged.deletes;
          const edit = row.kind === 'read' ? staged.edits[row.id] : undefined;
          const rowClass = [styles.row, selected.has(index) && styles.selectedRow, row.kind === 'insert' && styles.inserted, deleted && styles.deleted, failedRow === index && styles.failed].filter(Boolean).join(' ');
          return (
            <div key={row.kind === 'insert' ? `new-${row.id}` : row.id + index} role="row" className={rowClass} style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }} data-state={row.kind === 'insert' ? 'new' : deleted ? 'deleted' : edit ? 'edited' : undefined}>
              <span className={styles.rowNumber} onClick={(e) => props.onSelectRow(index, e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'single')} title="Select the row (Ctrl: add, Shift: range)">
                {row.kind === 'insert' ? '+' : index + 1}
              </span>
              {visible.map((name) => {
                const value = shownValue(row, columns, staged, name);
                const column = byName.get(name);
                const isCurrent = current?.row === index && current.column === name;
                const link = links.get(name);
                const className = [styles.cell, column?.numeric && styles.numeric, isCurrent && styles.current, edit && name in edit.values && styles.edited].filter(Boolean).join(' ');
                return (
                  <span
                    key={name}
                    role="gridcell"
                    className={className}
                    style={link ? { width: width(name), paddingRight: 22 } : { width: width(name) }}
                    data-column={name}
                    onClick={() => props.onCurrent(index, name)}
                    onDoubleClick={() => startEdit(index, name)}
                  >
                    {editing?.row === index && editing.column === name ? (
                      <input
                        autoFocus
                        className={styles.inlineEditor}
                        aria-label={`Edit ${name}`}
                        value={editing.text}
                        onChange={(e) => setEditing({ ...editing, text: e.target.value })}
                        onBlur={commit}
                        onKeyDown={(e) => {
                          e.stopPropagation();
                          if (e.key === 'Enter') commit();
                          if (e.key === 'Escape') (setEditing(null), scroller.current?.focus());
                        }}
                      />
                    ) : value === undefined ? (
                      <span className={styles.null}>{column?.autoIncrement ? 'auto' : 'default'}</span>
                    ) : value === null ? (
                      <span className={styles.null}>NULL</span>
                    ) : (
                      (column?.binary ? `0x${value.slice(0, 64)}${value.length > 64 ? '…' : ''}` : value.length > 300 ? `${value.slice(0, 300)}…` : value)
                    )}
                    {link && value !== null && value !== undefined && row.kind === 'read' && (
                      <button type="button" className={styles.link} title={`Open the referenced row of ${link.table}`} aria-label={`Follow ${name} to ${link.table}`} onClick={(e) => (e.stopPropagation(), props.onFollow(link, index))}>
                        ↗
                      </button>
                    )}
                  </span>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function FilterBox({ column, text, onCommit }: { column: string; text: string; onCommit(text: string): void }) {
  const [value, setValue] = useState(text);
  const [seen, setSeen] = useState(text);
  if (text !== seen) (setSeen(text), setValue(text));
  return (
    <input
      aria-label={`Filter ${column}`}
      placeholder="filter"
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => value !== text && onCommit(value)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') onCommit(value);
        if (e.key === 'Escape') setValue(text);
      }}
    />
  );
}
