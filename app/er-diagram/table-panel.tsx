'use client';
// The table clicked in the ER diagram, beside it: its structure (columns with types,
// nullability, defaults and keys; foreign keys; indexes), a link to its data, and its DDL
// as the server writes it (the explorer's "Show DDL"), read when asked for.
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { routes, type ModelTable } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import { dataHref, editorHref } from '../lib/links.ts';
import { columnLine } from './er-layout.ts';
import styles from './er-diagram.module.css';

interface Props {
  connectionId: string;
  schema: string;
  table: ModelTable;
  onClose: () => void;
}

/** The column is unique by itself (a unique key of that one column; a unique index counts too). */
const uniqueAlone = (table: ModelTable, column: string) =>
  [...table.uniques, ...table.indexes.filter((i) => i.unique)].some((key) => key.columns.length === 1 && key.columns[0] === column);

export function TablePanel({ connectionId, schema, table, onClose }: Props) {
  const [ddl, setDdl] = useState<{ text: string; source: string } | { error: string } | null>(null);
  useEffect(() => setDdl(null), [table.name]);

  const showDdl = async () => {
    try {
      const { ddl: text, source } = await api.call(routes.objectDdl, { params: { id: connectionId, schema, name: table.name } });
      setDdl({ text, source });
    } catch (e) {
      setDdl({ error: describeError(e) });
    }
  };

  return (
    <aside className={styles.panel} aria-label={`Table ${table.name}`}>
      <header className={styles.panelHeader}>
        <h2>{table.name}</h2>
        <button type="button" aria-label="Close" onClick={onClose}>×</button>
      </header>
      <div className={styles.panelActions}>
        <Link href={dataHref(connectionId, schema, table.name)}>Open data</Link>
        <button type="button" onClick={() => void showDdl()}>Show DDL</button>
      </div>
      <table className={styles.columns} aria-label="Columns">
        <thead>
          <tr><th>Column</th><th>Type</th><th>Null</th><th>Default</th><th>Key</th></tr>
        </thead>
        <tbody>
          {table.columns.map((column) => (
            <tr key={column.name}>
              <td>{column.name}</td>
              <td>{column.type}</td>
              <td>{column.nullable ? 'yes' : 'no'}</td>
              <td>{column.default ?? ''}</td>
              <td>{[columnLine(table, column).marks, uniqueAlone(table, column.name) ? 'UNIQUE' : ''].filter(Boolean).join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {table.foreignKeys.length > 0 && (
        <ul aria-label="Foreign keys" className="small">
          {table.foreignKeys.map((key, i) => <li key={i}>{`(${key.columns.join(', ')}) → ${key.refTable} (${key.refColumns.join(', ')})`}</li>)}
        </ul>
      )}
      {table.indexes.length > 0 && (
        <ul aria-label="Indexes" className="small">
          {table.indexes.map((index) => <li key={index.name}>{`${index.name}: ${index.unique ? 'UNIQUE ' : ''}${index.definition}`}</li>)}
        </ul>
      )}
      {ddl && 'error' in ddl && <p className="error-text" role="alert">{ddl.error}</p>}
      {ddl && 'text' in ddl && (
        <section aria-label="DDL">
          <pre className={styles.ddl}>{ddl.text}</pre>
          <p className="muted small">
            From {ddl.source} · <Link href={editorHref(connectionId, ddl.text)}>Open in editor</Link>
          </p>
        </section>
      )}
    </aside>
  );
}
