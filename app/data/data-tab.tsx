'use client';
// One table's data tab: paging (first / previous / next / last, keyset on the server), the
// count (≈ when estimated, "count exactly"), filters and the WHERE box, sort, columns
// shown, staged edits (inline, insert, duplicate, delete) saved through the SQL preview,
// foreign keys followed both ways, the view's SQL with Copy and Open in editor, export.
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { routes, routeUrl, type DataView, type Filter, type ForeignLink, type SortTerm } from '../../server/protocol/index.ts';
import { editorHref } from '../lib/links.ts';
import { CellEditor } from './cell-editor.tsx';
import { DataGrid, shownValue, type DisplayRow } from './data-grid.tsx';
import { arrangedColumns, moveColumn, stepColumn } from './column-order.ts';
import styles from './data.module.css';
import { filterText, parseFilter } from './filter-text.ts';
import { SaveDialog } from './save-dialog.tsx';
import { EMPTY, duplicateRow, editCell, editInsert, insertRow, rowId, stagedCount, toChanges, toggleDeletes, type Staged } from './staged-changes.ts';
import { useTableView } from './use-table-view.ts';
import { postDownload } from '../lib/post-download.ts';

export interface TabSpec {
  key: string;
  connectionId: string;
  schema: string;
  table: string;
  filters: Filter[];
}

const nf = new Intl.NumberFormat();
type Cell = string | null;

export function DataTab({ spec, hidden: tabHidden, onOpenTab }: { spec: TabSpec; hidden: boolean; onOpenTab(spec: Omit<TabSpec, 'key'>): void }) {
  const state = useTableView(spec.connectionId, spec.schema, spec.table, spec.filters);
  const { info, page, view } = state;
  const [staged, setStaged] = useState<Staged>(EMPTY);
  const [hiddenColumns, setHiddenColumns] = useState<ReadonlySet<string>>(new Set());
  const [arrangement, setArrangement] = useState<string[] | null>(null);
  const [current, setCurrent] = useState<{ row: number; column: string } | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [viewing, setViewing] = useState<{ row: number; column: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [failedChange, setFailedChange] = useState<number | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [where, setWhere] = useState('');
  const [menu, setMenu] = useState<'columns' | 'refs' | 'export' | null>(null);

  const columns = page?.columns ?? info?.columns.map((c) => c.name) ?? [];
  const ordered = arrangedColumns(columns, arrangement);
  const visible = ordered.filter((name) => !hiddenColumns.has(name));
  const rows: DisplayRow[] = useMemo(() => {
    if (!info || !page) return [];
    return [...page.rows.map((row): DisplayRow => ({ kind: 'read', row, id: rowId(info, page.columns, row) })), ...staged.inserts.map((insert): DisplayRow => ({ kind: 'insert', ...insert }))];
  }, [info, page, staged.inserts]);
  const changes = useMemo(() => toChanges(staged), [staged]);
  const pending = stagedCount(staged);
  const readOnly = !info?.key;

  // Which grid row each change of the change set is, to mark the one a save failed on.
  const changeRows = useMemo(() => {
    const readIndex = (id: string) => rows.findIndex((row) => row.kind === 'read' && row.id === id);
    return [
      ...Object.keys(staged.edits).filter((id) => !(id in staged.deletes)).map(readIndex),
      ...staged.inserts.map((insert) => rows.findIndex((row) => row.kind === 'insert' && row.id === insert.id)),
      ...Object.keys(staged.deletes).map(readIndex),
    ];
  }, [rows, staged]);

  const filterTexts = Object.fromEntries(view.filters.map((f) => [f.column, filterText(f)]));
  const setFilterText = (column: string, text: string) => {
    const filter = parseFilter(column, text);
    state.setFilters([...view.filters.filter((f) => f.column !== column), ...(filter ? [filter] : [])]);
  };
  const onSort = (column: string, additive: boolean) => {
    const existing = view.sort.find((term) => term.column === column);
    const next: SortTerm | null = !existing ? { column, descending: false } : !existing.descending ? { column, descending: true } : null;
    const others = additive ? view.sort.filter((term) => term.column !== column) : [];
    state.setSort(next ? (additive && existing ? view.sort.map((term) => (term.column === column ? next : term)) : [...others, next]) : others);
  };
  const valuesOf = (row: DisplayRow, names: string[]) => names.map((name) => shownValue(row, columns, staged, name) ?? null);
  const follow = (link: ForeignLink, index: number, outgoing: boolean) => {
    const row = rows[index];
    if (!row) return;
    const values = valuesOf(row, outgoing ? link.columns : link.referencedColumns);
    const targets = outgoing ? link.referencedColumns : link.columns;
    const filters: Filter[] = targets.map((column, i) => (values[i] === null ? { kind: 'null', column, isNull: true } : { kind: 'equals', column, value: values[i]! }));
    onOpenTab({ connectionId: spec.connectionId, schema: link.schema, table: link.table, filters });
  };
  const onEdit = (index: number, column: string, value: Cell) => {
    const row = rows[index];
    if (!row || !info || !page) return;
    setFailedChange(null);
    setStaged((s) => (row.kind === 'insert' ? editInsert(s, row.id, column, value) : editCell(s, info, page.columns, row.row, column, value)));
  };
  const selectRow = (index: number, mode: 'single' | 'toggle' | 'range') => {
    setSelected((previous) => {
      if (mode === 'single') return new Set([index]);
      const next = new Set(previous);
      if (mode === 'toggle') next.has(index) ? next.delete(index) : next.add(index);
      else {
        const from = current?.row ?? 0;
        for (let i = Math.min(from, index); i <= Math.max(from, index); i++) next.add(i);
      }
      return next;
    });
    setCurrent({ row: index, column: visible[0] ?? '' });
  };
  const targetRows = () => [...(selected.size ? selected : current ? [current.row] : [])].map((i) => rows[i]).filter((r): r is DisplayRow => Boolean(r));
  const deleteRows = () => {
    if (!info || !page) return;
    const targets = targetRows();
    const read = targets.filter((r) => r.kind === 'read').map((r) => (r as Extract<DisplayRow, { kind: 'read' }>).row);
    let next = read.length ? toggleDeletes(staged, info, page.columns, read) : staged;
    for (const r of targets) if (r.kind === 'insert') next = { ...next, inserts: next.inserts.filter((i) => i.id !== r.id) };
    setStaged(next);
  };
  const duplicate = () => {
    if (!info || !page) return;
    let next = staged;
    for (const r of targetRows()) next = r.kind === 'read' ? duplicateRow(next, info, page.columns, r.row) : insertRow(next, { ...r.values });
    setStaged(next);
  };
  const viewJson = (): DataView => ({ schema: spec.schema, table: spec.table, ...view });
  const exportAs = (format: 'csv' | 'json' | 'ndjson') => {
    setMenu(null);
    postDownload(routeUrl(routes.exportTable, { id: spec.connectionId }), { view: JSON.stringify(viewJson()), format, filename: spec.table.replace(/[^\w.-]/g, '_') });
  };
  const currentRow = current ? rows[current.row] : undefined;
  const viewingColumn = viewing ? info?.columns.find((c) => c.name === viewing.column) : undefined;
  const firstRow = page && page.rows.length ? 1 : 0;

  return (
    <div className={styles.panel} hidden={tabHidden} data-testid={`data-tab-${spec.table}`}>
      <div className={styles.toolbar}>
        <button type="button" onClick={() => state.go('first')} disabled={!state.hasPrevious} title="First page" aria-label="First page">«</button>
        <button type="button" onClick={() => state.go('previous')} disabled={!state.hasPrevious} title="Previous page" aria-label="Previous page">‹</button>
        <button type="button" onClick={() => state.go('next')} disabled={!state.hasNext} title="Next page" aria-label="Next page">›</button>
        <button type="button" onClick={() => state.go('last')} disabled={!state.hasNext} title="Last page" aria-label="Last page">»</button>
        <span data-testid="row-count">
          {page ? `${nf.format(page.rows.length ? firstRow : 0)}–${nf.format(page.rows.length)} shown` : ''}
          {state.counting ? ' · counting…' : state.count?.count != null ? ` · ${state.count.exact ? '' : '≈ '}${nf.format(state.count.count)} rows` : ''}
        </span>
        {state.count && !state.count.exact && !state.counting && <button type="button" className="link-button" onClick={state.countExactly}>count exactly</button>}
        <button type="button" onClick={state.reload} title="Read the page again">↻</button>
        <span className={styles.spacer} />
        {!readOnly && (
          <>
            <button type="button" onClick={() => setStaged(insertRow(staged))}>+ Row</button>
            <button type="button" onClick={duplicate} disabled={!currentRow && !selected.size}>Duplicate</button>
            <button type="button" onClick={deleteRows} disabled={!currentRow && !selected.size}>Delete</button>
            <button type="button" onClick={() => current && onEdit(current.row, current.column, null)} disabled={!current}>Set NULL</button>
          </>
        )}
        <button type="button" onClick={() => current && setViewing(current)} disabled={!current}>{readOnly ? 'View value' : 'Edit value…'}</button>
        <Menu label="Columns" open={menu === 'columns'} onToggle={() => setMenu(menu === 'columns' ? null : 'columns')}>
          {ordered.map((name) => (
            <div key={name} className={styles.columnChoice}>
              <label className="check">
                <input type="checkbox" checked={!hiddenColumns.has(name)} onChange={() => setHiddenColumns((h) => (h.has(name) ? new Set([...h].filter((n) => n !== name)) : new Set([...h, name])))} /> {name}
              </label>
              <button type="button" aria-label={`Move ${name} left`} onClick={() => setArrangement(stepColumn(ordered, name, -1))}>↑</button>
              <button type="button" aria-label={`Move ${name} right`} onClick={() => setArrangement(stepColumn(ordered, name, 1))}>↓</button>
            </div>
          ))}
        </Menu>
        {info && info.referencedBy.length > 0 && (
          <Menu label="Referenced by" open={menu === 'refs'} onToggle={() => setMenu(menu === 'refs' ? null : 'refs')}>
            {info.referencedBy.map((link) => (
              <button key={`${link.schema}.${link.table}.${link.name}`} type="button" disabled={!currentRow} onClick={() => (setMenu(null), current && follow(link, current.row, false))}>
                {link.table} ({link.columns.join(', ')})
              </button>
            ))}
          </Menu>
        )}
        <Menu label="Export" open={menu === 'export'} onToggle={() => setMenu(menu === 'export' ? null : 'export')}>
          <button type="button" onClick={() => exportAs('csv')}>CSV</button>
          <button type="button" onClick={() => exportAs('json')}>JSON</button>
          <button type="button" onClick={() => exportAs('ndjson')}>NDJSON</button>
        </Menu>
        {pending > 0 && <span className="small" data-testid="pending">{pending} staged</span>}
        <button type="button" onClick={() => (setStaged(EMPTY), setFailedChange(null))} disabled={!pending}>Discard</button>
        <button type="button" className="primary" onClick={() => (setNote(null), setSaving(true))} disabled={!pending}>Save</button>
      </div>
      <form className={styles.whereBar} onSubmit={(e) => (e.preventDefault(), state.setWhere(where))}>
        <span className="muted small">WHERE</span>
        <input aria-label="WHERE" value={where} onChange={(e) => setWhere(e.target.value)} placeholder="a condition in SQL, e.g. price > 10 (read-only)" spellCheck={false} />
        <button type="submit">Apply</button>
      </form>
      {info?.readOnlyReason && <p className={styles.note}>Read-only: {info.readOnlyReason}</p>}
      {note && <p className={styles.note} role="status">{note}</p>}
      {state.error && <p className="error-text" role="alert" style={{ padding: '4px 10px', margin: 0 }}>{state.error}</p>}
      {info && (
        <DataGrid
          info={info}
          columns={columns}
          visible={visible}
          onMoveColumn={(name, before) => setArrangement(moveColumn(ordered, name, before))}
          rows={rows}
          staged={staged}
          sort={view.sort}
          filterTexts={filterTexts}
          current={current}
          selected={selected}
          failedRow={failedChange === null ? null : (changeRows[failedChange] ?? null)}
          onSort={onSort}
          onFilterText={setFilterText}
          onCurrent={(row, column) => (setCurrent({ row, column }), setSelected(new Set()))}
          onSelectRow={selectRow}
          onEdit={onEdit}
          onOpen={(row, column) => setViewing({ row, column })}
          onFollow={(link, row) => follow(link, row, true)}
        />
      )}
      {page && (
        <div className={styles.sql}>
          <span className="toolbar">
            <span className="muted small">SQL of this view{state.loading ? ' · loading…' : ` · ${page.elapsedMs} ms`}</span>
            <button type="button" onClick={() => void navigator.clipboard?.writeText(page.text)}>Copy</button>
            <Link href={editorHref(spec.connectionId, page.text)}>Open in editor</Link>
          </span>
          <pre data-testid="view-sql">{page.text}</pre>
        </div>
      )}
      {viewing && viewingColumn && rows[viewing.row] && (
        <CellEditor
          column={viewingColumn}
          value={shownValue(rows[viewing.row]!, columns, staged, viewing.column) ?? null}
          readOnly={readOnly}
          onSave={(value) => (onEdit(viewing.row, viewing.column, value), setViewing(null))}
          onClose={() => setViewing(null)}
        />
      )}
      {saving && (
        <SaveDialog
          connectionId={spec.connectionId}
          schema={spec.schema}
          table={spec.table}
          changes={changes}
          onApplied={(result) => {
            setSaving(false);
            setStaged(EMPTY);
            setFailedChange(null);
            setNote(`Saved: ${result.updated} updated, ${result.inserted.length} inserted, ${result.deleted} deleted.`);
            state.reload();
          }}
          onFailed={setFailedChange}
          onClose={() => setSaving(false)}
        />
      )}
    </div>
  );
}

function Menu({ label, open, onToggle, children }: { label: string; open: boolean; onToggle(): void; children: React.ReactNode }) {
  return (
    <span className={styles.menuWrap}>
      <button type="button" aria-expanded={open} onClick={onToggle}>{label} ▾</button>
      {open && <div className={styles.popover} style={{ right: 0, top: '100%' }}>{children}</div>}
    </span>
  );
}
