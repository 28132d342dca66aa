'use client';
// The schema explorer: search (names and columns), and a lazily loaded tree rendered as a
// virtualized list. An ARIA tree driven by the keyboard (arrows, Home/End, Enter, type-ahead)
// with one focusable element (aria-activedescendant, so virtualization never drops the
// focus); tables and views open their data on Enter or a double-click and have a context
// menu (open data, copy name, show DDL, refresh, drop — through the editor's guard).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { qualifiedName, routes, selectTopSql, type CompletionSchema, type Dialect, type ObjectSummary } from '../../../server/protocol/index.ts';
import { ContextMenu, type MenuItem } from '../../components/context-menu.tsx';
import { api, describeError } from '../../lib/api.ts';
import { dataHref, editorHref } from '../../lib/links.ts';
import { treeKey } from './tree-keys.ts';
import { useExplorer, type TreeRow } from './use-explorer.ts';
import styles from './explorer.module.css';

const ROW = 22;
const nf = new Intl.NumberFormat(undefined, { notation: 'compact' });

export function Explorer({ connectionId, connected, dialect, completion, schemaVersion, onQuery }: {
  connectionId: string | null;
  connected: boolean;
  /** The connection's dialect, to write SELECTs in. */
  dialect: Dialect | undefined;
  /** Tables and columns, for the column search. */
  completion: CompletionSchema | null;
  /** Goes up after a statement that may have changed the schema: the tree is read again. */
  schemaVersion: number;
  /** Runs SQL in the active editor tab (the guard asks before destructive statements). */
  onQuery(sql: string): void;
}) {
  const tree = useExplorer(connectionId, connected, completion);
  const { refresh } = tree;
  useEffect(() => {
    if (schemaVersion) refresh();
  }, [schemaVersion, refresh]);
  const router = useRouter();
  const scroller = useRef<HTMLDivElement>(null);
  const list = useVirtualizer({ count: tree.rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 20 });
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; object: ObjectSummary } | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const typed = useRef({ text: '', at: 0 });

  // A row that goes away (a "Loading…" row replaced by the columns it was loading, a table
  // dropped) leaves the selection where it was, not back at the top.
  const lastActive = useRef(0);
  const found = tree.rows.findIndex((r) => r.key === activeKey);
  const active = found >= 0 ? found : Math.max(0, Math.min(lastActive.current, tree.rows.length - 1));
  lastActive.current = active;

  const moveTo = (index: number) => {
    const row = tree.rows[Math.max(0, Math.min(tree.rows.length - 1, index))];
    if (!row) return;
    setActiveKey(row.key);
    list.scrollToIndex(tree.rows.indexOf(row));
  };

  const toggle = (row: TreeRow) => {
    if (row.kind === 'schema') tree.toggleSchema(row.schema.name);
    else if (row.kind === 'object') tree.toggleObject(row.object);
    else if (row.kind === 'group') tree.toggleGroup(row.key);
    else if (row.kind === 'more') tree.loadMore(row.schema);
  };

  const openData = (object: ObjectSummary) => connectionId && router.push(dataHref(connectionId, object.schema, object.name));

  const showDdl = async (object: ObjectSummary) => {
    if (!connectionId) return;
    setNotice({ text: `Reading the DDL of ${object.name}…`, error: false });
    try {
      const { ddl, source } = await api.call(routes.objectDdl, { params: { id: connectionId, schema: object.schema, name: object.name } });
      setNotice(null);
      router.push(editorHref(connectionId, `-- ${object.schema ? `${object.schema}.` : ''}${object.name}, from ${source}\n${ddl}`));
    } catch (e) {
      setNotice({ text: describeError(e), error: true });
    }
  };

  const menuItems = (object: ObjectSummary): MenuItem[] => {
    if (!dialect || !connectionId) return [];
    const name = qualifiedName(dialect, object.schema, object.name);
    const dropWhat = object.kind === 'view' ? 'VIEW' : object.kind === 'materialized_view' ? 'MATERIALIZED VIEW' : 'TABLE';
    return [
      { label: 'Open data', run: () => openData(object) },
      { label: 'SELECT first 100 rows', run: () => onQuery(selectTopSql(dialect, object.schema, object.name)) },
      { label: 'Copy name', run: () => void navigator.clipboard?.writeText(name).then(() => setNotice({ text: `Copied ${name}`, error: false })) },
      { label: 'Show DDL', run: () => void showDdl(object) },
      { label: 'Refresh', run: tree.refresh },
      { label: `Drop ${dropWhat.toLowerCase()}…`, danger: true, run: () => onQuery(`DROP ${dropWhat} ${name};`) },
    ];
  };

  const objectOf = (row: TreeRow | undefined) => (row && (row.kind === 'object' || row.kind === 'match') ? row.object : null);

  const openMenu = (object: ObjectSummary, x: number, y: number) => setMenu({ x, y, object });

  const onKeyDown = (e: React.KeyboardEvent) => {
    const row = tree.rows[active];
    if (!row) return;
    const key = treeKey(e);
    // Type-ahead gathers the letters typed in a row: any other key starts it afresh.
    if (key !== 'char') typed.current = { text: '', at: 0 };
    if (key === 'menu') {
      const object = objectOf(row);
      const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.getBoundingClientRect();
      if (object && el) openMenu(object, el.left + 24, el.bottom);
    } else if (key === 'down') moveTo(active + 1);
    else if (key === 'up') moveTo(active - 1);
    else if (key === 'home') moveTo(0);
    else if (key === 'end') moveTo(tree.rows.length - 1);
    else if (key === 'right') {
      if ('expanded' in row && !row.expanded) toggle(row);
      else if ('expanded' in row) moveTo(active + 1);
    } else if (key === 'left') {
      if ('expanded' in row && row.expanded) toggle(row);
      else for (let i = active - 1; i >= 0; i--) if (tree.rows[i]!.depth < row.depth) return void (e.preventDefault(), moveTo(i));
    } else if (key === 'enter') {
      const object = objectOf(row);
      if (object) openData(object);
      else toggle(row);
    } else if (key === 'char') {
      // Type-ahead: the next row whose label starts with what was typed in the last half second.
      const now = performance.now();
      typed.current = { text: (now - typed.current.at < 500 ? typed.current.text : '') + e.key.toLowerCase(), at: now };
      const from = typed.current.text.length > 1 ? active : active + 1;
      for (let n = 0; n < tree.rows.length; n++) {
        const i = (from + n) % tree.rows.length;
        if (labelOf(tree.rows[i]!).toLowerCase().startsWith(typed.current.text)) return void (e.preventDefault(), moveTo(i));
      }
      return;
    } else return;
    e.preventDefault();
  };

  return (
    <div className={styles.explorer}>
      <input type="search" className={styles.search} placeholder="Search tables, views, columns…" value={tree.search}
        onChange={(e) => tree.setSearch(e.target.value)} aria-label="Search tables, views and columns" disabled={!connected}
        onKeyDown={(e) => e.key === 'ArrowDown' && (e.preventDefault(), scroller.current?.focus())} />
      {notice && <p className={`${styles.notice} ${notice.error ? 'error-text' : 'muted'}`} role="status">{notice.text}</p>}
      <div ref={scroller} className={styles.tree} role="tree" aria-label="Schema" tabIndex={0} onKeyDown={onKeyDown}
        aria-activedescendant={tree.rows[active] ? `explorer-row-${active}` : undefined} data-testid="explorer-tree">
        {!connected && <p className={styles.hint}>Connect to see its tables.</p>}
        <div style={{ height: list.getTotalSize(), position: 'relative' }}>
          {list.getVirtualItems().map((item) => {
            const row = tree.rows[item.index]!;
            const object = objectOf(row);
            return (
              <div key={row.key} id={`explorer-row-${item.index}`} data-index={item.index} role="treeitem" aria-level={row.depth + 1}
                aria-expanded={'expanded' in row ? row.expanded : undefined} aria-selected={item.index === active} data-active={item.index === active}
                className={`${styles.row} ${row.kind === 'status' && row.error ? 'error-text' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, paddingLeft: 6 + row.depth * 14 }}
                onClick={() => {
                  setActiveKey(row.key);
                  scroller.current?.focus();
                  toggle(row);
                }}
                onDoubleClick={() => object && openData(object)}
                onContextMenu={(e) => {
                  if (!object) return;
                  e.preventDefault();
                  setActiveKey(row.key);
                  openMenu(object, e.clientX, e.clientY);
                }}>
                <span className={styles.twisty}>{'expanded' in row ? (row.expanded ? '▾' : '▸') : ''}</span>
                <RowContent row={row} />
                {row.kind === 'object' && dialect && (
                  // For the mouse; the keyboard has the same in the context menu (no control nested in a treeitem).
                  <span className={styles.action} title="SELECT the first 100 rows" aria-hidden
                    onClick={(e) => {
                      e.stopPropagation();
                      onQuery(selectTopSql(dialect, row.object.schema, row.object.name));
                    }}>SELECT</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {menu && (
        <ContextMenu x={menu.x} y={menu.y} label={`Actions on ${menu.object.name}`} items={menuItems(menu.object)}
          onClose={() => {
            setMenu(null);
            scroller.current?.focus();
          }} />
      )}
    </div>
  );
}

function labelOf(row: TreeRow): string {
  switch (row.kind) {
    case 'schema': return row.schema.name;
    case 'object': return row.object.name;
    case 'match': return row.object.name;
    case 'column': return row.name;
    case 'group': case 'leaf': return row.label;
    case 'more': case 'status': return '';
  }
}

function RowContent({ row }: { row: TreeRow }) {
  switch (row.kind) {
    case 'schema':
      return <><span className={styles.icon}>◫</span><span className={styles.label} title={`${row.schema.name} — schema`}>{row.schema.name}</span>{row.schema.objectCount !== null && <span className={styles.meta}>{row.schema.objectCount}</span>}</>;
    case 'object':
      return <><span className={styles.icon} title={row.object.kind}>{row.object.kind === 'table' ? '▦' : '◈'}</span><span className={styles.label} title={`${row.object.name} — ${row.object.kind.replace('_', ' ')}`}>{row.object.name}</span><span className={styles.meta}>{estimate(row.object)}</span></>;
    case 'match':
      return <><span className={styles.icon} title="column">·</span><span className={styles.label} title={`${row.object.name}.${row.column} — column of ${row.object.kind.replace('_', ' ')} ${row.object.name}`}>{row.object.name}.<b>{row.column}</b></span></>;
    case 'column':
      return <>
        <span className={row.pk || row.fk ? styles.badge : styles.icon} title={row.pk ? 'primary key' : row.fk ? 'foreign key' : 'column'}>{row.pk ? 'PK' : row.fk ? 'FK' : '·'}</span>
        <span className={styles.label} title={`${row.name} — ${row.type}${row.nullable ? '' : ' not null'}`}>{row.name}</span>
        <span className={styles.meta}>{row.type}{row.nullable ? '' : ' not null'}</span>
      </>;
    case 'group':
      return <><span className={styles.label}>{row.label}</span><span className={styles.meta}>{row.count}</span></>;
    case 'leaf':
      return <><span className={styles.label} title={row.label}>{row.label}</span><span className={styles.meta} title={row.detail}>{row.detail}</span></>;
    case 'more':
      return <span className={styles.more}>Load more ({row.remaining.toLocaleString()} left)</span>;
    case 'status':
      return <span className={row.error ? undefined : 'muted'}>{row.text}</span>;
  }
}

function estimate(object: ObjectSummary): string {
  return object.rowEstimate === null ? '' : `~${nf.format(object.rowEstimate)}`;
}
