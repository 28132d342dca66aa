'use client';
// One side of the diff: a connection and one of its schemas (its default schema first).
import { useEffect, useState } from 'react';
import { dialectOf, routes, type SavedConnection, type SchemaRef } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import styles from './schema-diff.module.css';

export function SchemaPicker({ label, connections, value, onChange }: { label: string; connections: SavedConnection[]; value: SchemaRef; onChange: (value: SchemaRef) => void }) {
  const [schemas, setSchemas] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const connection = connections.find((c) => c.id === value.connectionId);

  useEffect(() => {
    if (!value.connectionId) return;
    let live = true;
    setError(null);
    api.call(routes.listSchemas, { params: { id: value.connectionId } })
      .then(({ schemas: list }) => {
        if (!live) return;
        const names = list.map((s) => s.name);
        setSchemas(names);
        if (!names.includes(value.schema)) {
          const fallback = connection ? dialectOf(connection.settings.engine).defaultSchema : '';
          onChange({ connectionId: value.connectionId, schema: names.includes(fallback) ? fallback : (names[0] ?? '') });
        }
      })
      .catch((e) => live && setError(describeError(e)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload only when the connection changes
  }, [value.connectionId]);

  return (
    <fieldset className={styles.side} aria-label={label}>
      <legend>{label}</legend>
      <select aria-label={`${label} connection`} value={value.connectionId} onChange={(e) => onChange({ connectionId: e.target.value, schema: '' })}>
        <option value="">Choose a connection…</option>
        {connections.map((c) => <option key={c.id} value={c.id}>{c.name} ({dialectOf(c.settings.engine).label})</option>)}
      </select>
      <select aria-label={`${label} schema`} value={value.schema} onChange={(e) => onChange({ ...value, schema: e.target.value })} disabled={schemas.length === 0}>
        {schemas.map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
      {error && <span className="error-text small">{error}</span>}
    </fieldset>
  );
}
