'use client';
// The Data page: a tab per opened table. `/data?connection&schema&table` (links.ts
// dataHref) opens that table's tab, or focuses it when it is open; a foreign key followed
// or "rows that point here" opens a filtered tab; the + tab picks a table.
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import type { Filter } from '../../server/protocol/index.ts';
import styles from './data.module.css';
import { DataTab, type TabSpec } from './data-tab.tsx';
import { TablePicker } from './table-picker.tsx';

let nextKey = 1;
// The open tabs outlive the page while the app is open: another page and back, they are there.
let kept: { tabs: TabSpec[]; active: string | null } = { tabs: [], active: null };

export function DataWorkspace() {
  const params = useSearchParams();
  const [tabs, setTabs] = useState<TabSpec[]>(kept.tabs);
  const [active, setActive] = useState<string | null>(kept.active);
  useEffect(() => {
    kept = { tabs, active };
  }, [tabs, active]);

  const open = useCallback((spec: Omit<TabSpec, 'key'>) => {
    setTabs((list) => {
      // A plain tab on a table is focused again; a filtered one (a followed key) is always new.
      const same = !spec.filters.length && list.find((t) => !t.filters.length && t.connectionId === spec.connectionId && t.schema === spec.schema && t.table === spec.table);
      if (same) {
        setActive(same.key);
        return list;
      }
      const tab = { ...spec, key: `t${nextKey++}` };
      setActive(tab.key);
      return [...list, tab];
    });
  }, []);

  const connection = params.get('connection');
  const schema = params.get('schema');
  const table = params.get('table');
  useEffect(() => {
    if (connection && schema !== null && table) open({ connectionId: connection, schema, table, filters: [] });
  }, [connection, schema, table, open]);

  const close = (key: string) => {
    setTabs((list) => {
      const next = list.filter((t) => t.key !== key);
      if (active === key) setActive(next[next.length - 1]?.key ?? null);
      return next;
    });
  };

  return (
    <section className={`page page-fill ${styles.workspace}`}>
      <div className={styles.tabs} role="tablist" aria-label="Data tabs">
        {tabs.map((tab) => (
          <span key={tab.key} className={styles.tab} role="tab" aria-selected={tab.key === active}>
            <button type="button" className={styles.tabClose} style={{ color: 'inherit' }} onClick={() => setActive(tab.key)} title={`${tab.schema}.${tab.table}`}>
              {tab.table}{filterLabel(tab.filters)}
            </button>
            <button type="button" className={styles.tabClose} onClick={() => close(tab.key)} aria-label={`Close ${tab.table}`}>×</button>
          </span>
        ))}
        <button type="button" className={styles.tab} role="tab" aria-selected={active === null} onClick={() => setActive(null)} title="Open a table">+</button>
      </div>
      <div className={styles.body}>
        {tabs.map((tab) => (
          <DataTab key={tab.key} spec={tab} hidden={tab.key !== active} onOpenTab={open} />
        ))}
        {active === null && <TablePicker onOpen={(connectionId, s, t) => open({ connectionId, schema: s, table: t, filters: [] })} />}
      </div>
    </section>
  );
}

function filterLabel(filters: Filter[]): string {
  if (!filters.length) return '';
  return ` (${filters.map((f) => (f.kind === 'equals' ? `${f.column} = ${f.value}` : f.column)).join(', ')})`;
}
