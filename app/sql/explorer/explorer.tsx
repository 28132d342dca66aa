'use client';
// The schema explorer: search, and a lazily loaded tree rendered as a virtualized list.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { selectTopSql, type Dialect, type ObjectSummary } from '../../../server/protocol/index.ts';
import { useExplorer, type TreeRow } from './use-explorer.ts';
import styles from './explorer.module.css';

const ROW = 22;
const nf = new Intl.NumberFormat(undefined, { notation: 'compact' });

export function Explorer({ connectionId, connected, dialect, onQuery }: {
  connectionId: string | null;
  connected: boolean;
  /** The connection's dialect, to write SELECTs in. */
  dialect: Dialect | undefined;
  onQuery(sql: string): void;
}) {
  const tree = useExplorer(connectionId, connected);
  const scroller = useRef<HTMLDivElement>(null);
  const list = useVirtualizer({ count: tree.rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 20 });

  const activate = (row: TreeRow) => {
    if (row.kind === 'schema') tree.toggleSchema(row.schema.name);
    else if (row.kind === 'object') tree.toggleObject(row.object);
    else if (row.kind === 'group') tree.toggleGroup(row.key);
    else if (row.kind === 'more') tree.loadMore(row.schema);
  };

  return (
    <div className={styles.explorer}>
      <input type="search" className={styles.search} placeholder="Search tables and views…" value={tree.search}
        onChange={(e) => tree.setSearch(e.target.value)} aria-label="Search tables and views" disabled={!connected} />
      <div ref={scroller} className={styles.tree} role="tree" aria-label="Schema">
        {!connected && <p className={styles.hint}>Connect to see its tables.</p>}
        <div style={{ height: list.getTotalSize(), position: 'relative' }}>
          {list.getVirtualItems().map((item) => {
            const row = tree.rows[item.index]!;
            const expandable = row.kind === 'schema' || row.kind === 'object' || row.kind === 'group';
            return (
              <div key={row.key} role="treeitem" aria-level={row.depth + 1} aria-expanded={expandable ? row.expanded : undefined}
                className={`${styles.row} ${row.kind === 'status' && row.error ? 'error-text' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, paddingLeft: 6 + row.depth * 14 }}
                onClick={() => activate(row)}>
                <span className={styles.twisty}>{expandable ? (row.expanded ? '▾' : '▸') : ''}</span>
                <RowContent row={row} />
                {row.kind === 'object' && dialect && (
                  <button type="button" className={styles.action} title="SELECT the first 100 rows"
                    onClick={(e) => {
                      e.stopPropagation();
                      onQuery(selectTopSql(dialect, row.object.schema, row.object.name));
                    }}>SELECT</button>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function RowContent({ row }: { row: TreeRow }) {
  switch (row.kind) {
    case 'schema':
      return <><span className={styles.icon}>◫</span><span className={styles.label}>{row.schema.name}</span>{row.schema.objectCount !== null && <span className={styles.meta}>{row.schema.objectCount}</span>}</>;
    case 'object':
      return <><span className={styles.icon} title={row.object.kind}>{row.object.kind === 'table' ? '▦' : '◈'}</span><span className={styles.label}>{row.object.name}</span><span className={styles.meta}>{estimate(row.object)}</span></>;
    case 'column':
      return <>
        <span className={row.pk || row.fk ? styles.badge : styles.icon} title={row.pk ? 'primary key' : row.fk ? 'foreign key' : 'column'}>{row.pk ? 'PK' : row.fk ? 'FK' : '·'}</span>
        <span className={styles.label}>{row.name}</span>
        <span className={styles.meta}>{row.type}{row.nullable ? '' : ' not null'}</span>
      </>;
    case 'group':
      return <><span className={styles.label}>{row.label}</span><span className={styles.meta}>{row.count}</span></>;
    case 'leaf':
      return <><span className={styles.label}>{row.label}</span><span className={styles.meta} title={row.detail}>{row.detail}</span></>;
    case 'more':
      return <span className={styles.more}>Load more ({row.remaining.toLocaleString()} left)</span>;
    case 'status':
      return <span className={row.error ? undefined : 'muted'}>{row.text}</span>;
  }
}

function estimate(object: ObjectSummary): string {
  return object.rowEstimate === null ? '' : `~${nf.format(object.rowEstimate)}`;
}
