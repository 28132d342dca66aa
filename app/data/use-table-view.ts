'use client';
// One data tab's state: the table's facts, the view (filters, WHERE, sort), where the page
// starts, the page itself and the count — fetched first rows first, count after.
import { useCallback, useEffect, useRef, useState } from 'react';
import { routes, type CountResponse, type DataView, type Filter, type PageRequest, type PageResponse, type SortTerm, type TableInfo } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';

export type From = NonNullable<PageRequest['from']>;
export type ViewState = Pick<DataView, 'filters' | 'where' | 'sort'>;

export const PAGE_SIZE = 200;

export interface TableViewState {
  info: TableInfo | null;
  view: ViewState;
  from: From;
  page: PageResponse | null;
  count: CountResponse | null;
  counting: boolean;
  loading: boolean;
  error: string | null;
  hasPrevious: boolean;
  hasNext: boolean;
  setFilters(filters: Filter[]): void;
  setWhere(where: string): void;
  setSort(sort: SortTerm[]): void;
  go(to: 'first' | 'previous' | 'next' | 'last'): void;
  reload(): void;
  countExactly(): void;
}

export function useTableView(connectionId: string, schema: string, table: string, initialFilters: Filter[]): TableViewState {
  const [info, setInfo] = useState<TableInfo | null>(null);
  const [view, setView] = useState<ViewState>({ filters: initialFilters, where: '', sort: [] });
  const [from, setFrom] = useState<From>({ at: 'first' });
  const [page, setPage] = useState<PageResponse | null>(null);
  const [count, setCount] = useState<CountResponse | null>(null);
  const [counting, setCounting] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    api.call(routes.tableInfo, { params: { id: connectionId }, body: { schema, table } }).then(setInfo, (e) => {
      setError(describeError(e));
      setLoading(false);
    });
  }, [connectionId, schema, table]);

  useEffect(() => {
    if (!info) return;
    const ticket = ++latest.current;
    setLoading(true);
    api
      .call(routes.tablePage, { params: { id: connectionId }, body: { schema, table, ...view, from, limit: PAGE_SIZE } })
      .then(
        (next) => ticket === latest.current && (setPage(next), setError(null)),
        (e) => ticket === latest.current && setError(describeError(e)),
      )
      .finally(() => ticket === latest.current && setLoading(false));
  }, [info, connectionId, schema, table, view, from, version]);

  const runCount = useCallback(
    (exact: boolean) => {
      setCounting(true);
      api
        .call(routes.tableCount, { params: { id: connectionId }, body: { schema, table, ...view, exact } })
        .then(setCount, () => setCount(null))
        .finally(() => setCounting(false));
    },
    [connectionId, schema, table, view],
  );
  // After the first rows: the count never holds the grid up.
  useEffect(() => {
    if (!info) return;
    setCount(null);
    const timer = setTimeout(() => runCount(false), 0);
    return () => clearTimeout(timer);
  }, [info, runCount, version]);

  const more = page?.more ?? false;
  const hasPrevious = from.at === 'after' || from.at === 'before' ? from.at === 'after' || more : from.at === 'last' ? more : from.at === 'offset' ? from.offset > 0 : false;
  const hasNext = from.at === 'first' || from.at === 'after' || from.at === 'offset' ? more : from.at === 'before';

  const go = useCallback(
    (to: 'first' | 'previous' | 'next' | 'last') => {
      if (!page || !info) return;
      if (to === 'first' || to === 'last') return setFrom({ at: to === 'first' ? 'first' : info.key ? 'last' : 'first' });
      if (!info.key) {
        const offset = from.at === 'offset' ? from.offset : 0;
        return setFrom({ at: 'offset', offset: Math.max(0, offset + (to === 'next' ? PAGE_SIZE : -PAGE_SIZE)) });
      }
      const row = to === 'next' ? page.rows[page.rows.length - 1] : page.rows[0];
      if (!row) return;
      setFrom({ at: to === 'next' ? 'after' : 'before', row: page.order.map((name) => row[page.columns.indexOf(name)] ?? null) });
    },
    [page, info, from],
  );

  return {
    info,
    view,
    from,
    page,
    count,
    counting,
    loading,
    error,
    hasPrevious,
    hasNext,
    setFilters: (filters) => (setView((v) => ({ ...v, filters })), setFrom({ at: 'first' })),
    setWhere: (where) => (setView((v) => ({ ...v, where })), setFrom({ at: 'first' })),
    setSort: (sort) => (setView((v) => ({ ...v, sort })), setFrom({ at: 'first' })),
    go,
    reload: () => setVersion((n) => n + 1),
    countExactly: () => runCount(true),
  };
}
