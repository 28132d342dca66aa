'use client';
// Without a table in the URL: pick a connection, a schema and a table or view to open.
import { useEffect, useState } from 'react';
import { dialectOf, routes, type ObjectSummary, type SchemaSummary } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import { useConnections } from '../lib/use-connections.ts';
import styles from './data.module.css';

const nf = new Intl.NumberFormat();

export function TablePicker({ onOpen }: { onOpen(connectionId: string, schema: string, table: string): void }) {
  const { connections } = useConnections();
  const [connectionId, setConnectionId] = useState('');
  const [schemas, setSchemas] = useState<SchemaSummary[]>([]);
  const [schema, setSchema] = useState('');
  const [search, setSearch] = useState('');
  const [objects, setObjects] = useState<ObjectSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const chosen = connections.find((c) => c.id === connectionId) ?? connections[0];

  useEffect(() => {
    if (!chosen) return;
    setError(null);
    api.call(routes.listSchemas, { params: { id: chosen.id } }).then(
      (r) => {
        setSchemas(r.schemas);
        const preferred = dialectOf(chosen.settings.engine).defaultSchema;
        setSchema((s) => (r.schemas.some((x) => x.name === s) ? s : (r.schemas.find((x) => x.name === preferred) ?? r.schemas[0])?.name ?? ''));
      },
      (e) => setError(describeError(e)),
    );
  }, [chosen]);

  useEffect(() => {
    if (!chosen || !schema) return;
    const timer = setTimeout(() => {
      api.call(routes.listObjects, { params: { id: chosen.id, schema }, query: { search: search || undefined, limit: 500 } }).then((r) => setObjects(r.objects), (e) => setError(describeError(e)));
    }, 150);
    return () => clearTimeout(timer);
  }, [chosen, schema, search]);

  return (
    <div className={styles.picker}>
      <h2>Open a table</h2>
      <label className="toolbar">
        <span className="muted small">Connection</span>
        <select aria-label="Connection" value={chosen?.id ?? ''} onChange={(e) => setConnectionId(e.target.value)}>
          {connections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
        <span className="muted small">Schema</span>
        <select aria-label="Schema" value={schema} onChange={(e) => setSchema(e.target.value)}>
          {schemas.map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
        </select>
      </label>
      <input aria-label="Search tables" placeholder="Search tables and views" value={search} onChange={(e) => setSearch(e.target.value)} />
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className={styles.objects}>
        {objects.map((o) => (
          <button key={o.name} type="button" onClick={() => chosen && onOpen(chosen.id, o.schema, o.name)}>
            <span>{o.name} <span className="muted small">{o.kind.replace('_', ' ')}</span></span>
            <span className="muted small">{o.rowEstimate === null ? '' : `≈ ${nf.format(o.rowEstimate)} rows`}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
