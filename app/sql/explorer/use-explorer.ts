'use client';
// Loads the explorer's tree lazily: schemas when opened, objects page by page (a schema
// may hold 10,000 tables), an object's details when it is expanded; search goes to the
// server, and columns are searched in the completion schema. Everything is flattened into
// rows for a virtualized list.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { routes, type CompletionSchema, type ObjectDetails, type ObjectPage, type ObjectSummary, type SchemaSummary } from '../../../server/protocol/index.ts';
import { api, describeError } from '../../lib/api.ts';
import { searchColumns } from './column-search.ts';

const PAGE = 200;

type Loadable<T> = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; value: T };

export type TreeRow =
  | { kind: 'schema'; key: string; depth: 0; schema: SchemaSummary; expanded: boolean }
  | { kind: 'object'; key: string; depth: number; object: ObjectSummary; expanded: boolean }
  | { kind: 'column'; key: string; depth: number; name: string; type: string; nullable: boolean; pk: boolean; fk: boolean }
  | { kind: 'group'; key: string; depth: number; label: string; count: number; expanded: boolean }
  | { kind: 'leaf'; key: string; depth: number; label: string; detail: string }
  /** A search hit on a column: acts as its table. */
  | { kind: 'match'; key: string; depth: number; object: ObjectSummary; column: string }
  | { kind: 'more'; key: string; depth: number; schema: string; remaining: number }
  | { kind: 'status'; key: string; depth: number; text: string; error: boolean };

export function useExplorer(connectionId: string | null, connected: boolean, completion: CompletionSchema | null) {
  const [schemas, setSchemas] = useState<Loadable<SchemaSummary[]>>({ state: 'loading' });
  const [objects, setObjects] = useState(new Map<string, Loadable<ObjectPage>>());
  const [details, setDetails] = useState(new Map<string, Loadable<ObjectDetails>>());
  const [expanded, setExpanded] = useState(new Set<string>());
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<Loadable<ObjectSummary[]> | null>(null);
  const [generation, setGeneration] = useState(0);
  const columnHits = useMemo(() => searchColumns(completion, search), [completion, search]);

  const loadObjects = useCallback(async (schema: string, offset = 0) => {
    if (!connectionId) return;
    if (offset === 0) setObjects((m) => new Map(m).set(schema, { state: 'loading' }));
    try {
      const page = await api.call(routes.listObjects, { params: { id: connectionId, schema }, query: { offset, limit: PAGE } });
      setObjects((m) => {
        const previous = m.get(schema);
        const merged = offset > 0 && previous?.state === 'ready' ? { objects: [...previous.value.objects, ...page.objects], total: page.total } : page;
        return new Map(m).set(schema, { state: 'ready', value: merged });
      });
    } catch (e) {
      setObjects((m) => new Map(m).set(schema, { state: 'error', error: describeError(e) }));
    }
  }, [connectionId]);

  // A new connection (or it just connected): start over, opening the first schema.
  // A refresh (same connection): read again, keeping the schemas that were open open.
  const shown = useRef({ generation: 0, expanded: new Set<string>() });
  shown.current.expanded = expanded;
  useEffect(() => {
    const refreshing = shown.current.generation !== generation;
    shown.current.generation = generation;
    const openSchemas = refreshing ? [...shown.current.expanded].filter((k) => k.startsWith('s:')).map((k) => k.slice(2)) : null;
    setObjects(new Map());
    setDetails(new Map());
    if (!refreshing) {
      setResults(null);
      setSearch('');
    }
    if (!connectionId || !connected) return;
    setSchemas({ state: 'loading' });
    api.call(routes.listSchemas, { params: { id: connectionId } }).then(
      ({ schemas: list }) => {
        setSchemas({ state: 'ready', value: list });
        const first = list.find((s) => s.name === 'public' || s.name === 'main') ?? list[0];
        const open = (openSchemas ?? (first ? [first.name] : [])).filter((name) => list.some((s) => s.name === name));
        setExpanded(new Set(open.map((name) => `s:${name}`)));
        for (const name of open) void loadObjects(name);
      },
      (e) => setSchemas({ state: 'error', error: describeError(e) }),
    );
  }, [connectionId, connected, loadObjects, generation]);

  useEffect(() => {
    const query = search.trim();
    if (!connectionId || !query) return setResults(null);
    setResults({ state: 'loading' });
    const timer = setTimeout(() => {
      api.call(routes.searchObjects, { params: { id: connectionId }, query: { q: query, limit: 200 } }).then(
        (r) => setResults({ state: 'ready', value: r.objects }),
        (e) => setResults({ state: 'error', error: describeError(e) }),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [connectionId, search, generation]);

  const toggle = useCallback((key: string, onOpen?: () => void) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else {
        next.add(key);
        onOpen?.();
      }
      return next;
    });
  }, []);

  const toggleSchema = (schema: string) => toggle(`s:${schema}`, () => !objects.has(schema) && void loadObjects(schema));

  const toggleObject = (object: ObjectSummary) => {
    const id = `${object.schema}.${object.name}`;
    toggle(`o:${id}`, () => {
      if (details.has(id) || !connectionId) return;
      setDetails((m) => new Map(m).set(id, { state: 'loading' }));
      api.call(routes.describeObject, { params: { id: connectionId, schema: object.schema, name: object.name } }).then(
        (d) => setDetails((m) => new Map(m).set(id, { state: 'ready', value: d })),
        (e) => setDetails((m) => new Map(m).set(id, { state: 'error', error: describeError(e) })),
      );
    });
  };

  const rows: TreeRow[] = [];
  const pushObject = (object: ObjectSummary, depth: number) => {
    const id = `${object.schema}.${object.name}`;
    const open = expanded.has(`o:${id}`);
    rows.push({ kind: 'object', key: `o:${id}`, depth, object, expanded: open });
    if (!open) return;
    const d = details.get(id);
    if (!d || d.state === 'loading') return void rows.push({ kind: 'status', key: `d:${id}`, depth: depth + 1, text: 'Loading…', error: false });
    if (d.state === 'error') return void rows.push({ kind: 'status', key: `d:${id}`, depth: depth + 1, text: d.error, error: true });
    const fkColumns = new Set(d.value.foreignKeys.flatMap((fk) => fk.columns));
    for (const c of d.value.columns) {
      rows.push({ kind: 'column', key: `c:${id}.${c.name}`, depth: depth + 1, name: c.name, type: c.dataType, nullable: c.nullable, pk: c.primaryKeyPosition !== null, fk: fkColumns.has(c.name) });
    }
    const groups = [
      { label: 'Indexes', items: d.value.indexes.map((i) => ({ label: i.name, detail: `${i.primary ? 'PRIMARY ' : i.unique ? 'UNIQUE ' : ''}(${i.columns.join(', ')})` })) },
      { label: 'Foreign keys', items: d.value.foreignKeys.map((f) => ({ label: f.name, detail: `(${f.columns.join(', ')}) → ${f.referencedTable}(${f.referencedColumns.join(', ')})` })) },
    ];
    for (const g of groups) {
      if (!g.items.length) continue;
      const key = `g:${id}:${g.label}`;
      const groupOpen = expanded.has(key);
      rows.push({ kind: 'group', key, depth: depth + 1, label: g.label, count: g.items.length, expanded: groupOpen });
      if (groupOpen) g.items.forEach((item, i) => rows.push({ kind: 'leaf', key: `${key}:${i}`, depth: depth + 2, ...item }));
    }
    if (d.value.definition) rows.push({ kind: 'leaf', key: `v:${id}`, depth: depth + 1, label: 'Definition', detail: d.value.definition.replace(/\s+/g, ' ') });
  };

  if (results) {
    if (results.state === 'loading') rows.push({ kind: 'status', key: 'search', depth: 0, text: 'Searching…', error: false });
    else if (results.state === 'error') rows.push({ kind: 'status', key: 'search', depth: 0, text: results.error, error: true });
    else if (!results.value.length && !columnHits.length) rows.push({ kind: 'status', key: 'search', depth: 0, text: 'No table, view or column matches.', error: false });
    else {
      results.value.forEach((o) => pushObject(o, 0));
      const kinds = new Map(results.value.map((o) => [`${o.schema}.${o.name}`, o.kind]));
      for (const hit of columnHits) {
        const object: ObjectSummary = { schema: hit.schema, name: hit.table, kind: kinds.get(`${hit.schema}.${hit.table}`) ?? 'table', rowEstimate: null };
        rows.push({ kind: 'match', key: `h:${hit.schema}.${hit.table}.${hit.column}`, depth: 0, object, column: hit.column });
      }
    }
  } else if (schemas.state === 'ready') {
    for (const schema of schemas.value) {
      const open = expanded.has(`s:${schema.name}`);
      rows.push({ kind: 'schema', key: `s:${schema.name}`, depth: 0, schema, expanded: open });
      if (!open) continue;
      const page = objects.get(schema.name);
      if (!page || page.state === 'loading') rows.push({ kind: 'status', key: `l:${schema.name}`, depth: 1, text: 'Loading…', error: false });
      else if (page.state === 'error') rows.push({ kind: 'status', key: `l:${schema.name}`, depth: 1, text: page.error, error: true });
      else {
        page.value.objects.forEach((o) => pushObject(o, 1));
        const remaining = page.value.total - page.value.objects.length;
        if (remaining > 0) rows.push({ kind: 'more', key: `m:${schema.name}`, depth: 1, schema: schema.name, remaining });
        if (page.value.total === 0) rows.push({ kind: 'status', key: `e:${schema.name}`, depth: 1, text: 'No tables or views.', error: false });
      }
    }
  } else if (schemas.state === 'error') {
    rows.push({ kind: 'status', key: 'schemas', depth: 0, text: schemas.error, error: true });
  } else if (connected) {
    rows.push({ kind: 'status', key: 'schemas', depth: 0, text: 'Loading…', error: false });
  }

  const loadMore = (schema: string) => {
    const page = objects.get(schema);
    if (page?.state === 'ready') void loadObjects(schema, page.value.objects.length);
  };

  /** Reads everything again (after a DROP, a CREATE elsewhere); what was open stays open. */
  const refresh = useCallback(() => setGeneration((n) => n + 1), []);

  return { rows, search, setSearch, toggleSchema, toggleObject, toggleGroup: (key: string) => toggle(key), loadMore, refresh };
}
