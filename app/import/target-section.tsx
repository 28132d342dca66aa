'use client';
// Where the rows go: a new table (its columns — name, type, included or not — and the
// CREATE TABLE the server will run) or an existing one (each of its columns fed from a
// column of the file, or left to its default).
import type { ColumnMapping, ImportColumnType, ImportPlan, ImportPreview } from '../../server/protocol/index.ts';
import styles from './import.module.css';

export interface NewColumnDraft {
  include: boolean;
  name: string;
  type: ImportColumnType;
}

const TYPES: ImportColumnType[] = ['integer', 'numeric', 'boolean', 'date', 'timestamp', 'timestamptz', 'text'];

export function NewTableColumns({ preview, columns, onChange }: { preview: ImportPreview; columns: NewColumnDraft[]; onChange: (next: NewColumnDraft[]) => void }) {
  const set = (i: number, change: Partial<NewColumnDraft>) => onChange(columns.map((c, j) => (j === i ? { ...c, ...change } : c)));
  return (
    <table className={styles.columns} aria-label="New table columns">
      <thead>
        <tr><th /><th>From the file</th><th>Column</th><th>Type</th></tr>
      </thead>
      <tbody>
        {columns.map((column, i) => (
          <tr key={i}>
            <td><input type="checkbox" checked={column.include} onChange={(e) => set(i, { include: e.target.checked })} aria-label={`Import ${preview.columns[i]?.name}`} /></td>
            <td>{preview.columns[i]?.name}</td>
            <td><input type="text" value={column.name} onChange={(e) => set(i, { name: e.target.value })} aria-label={`Name of column ${i + 1}`} /></td>
            <td>
              <select value={column.type} onChange={(e) => set(i, { type: e.target.value as ImportColumnType })} aria-label={`Type of column ${i + 1}`}>
                {TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ExistingTableMapping({ preview, plan, mapping, onChange }: { preview: ImportPreview; plan: ImportPlan; mapping: ColumnMapping[]; onChange: (next: ColumnMapping[]) => void }) {
  const sourceOf = (column: string) => mapping.find((m) => m.column === column)?.source ?? -1;
  const set = (column: string, source: number) => {
    const rest = mapping.filter((m) => m.column !== column);
    onChange(source < 0 ? rest : [...rest, { column, source }]);
  };
  return (
    <table className={styles.columns} aria-label="Column mapping">
      <thead>
        <tr><th>Table column</th><th>Type</th><th>Takes values from</th></tr>
      </thead>
      <tbody>
        {plan.tableColumns.map((column) => (
          <tr key={column.name}>
            <td>{column.name}</td>
            <td className="muted">{column.sqlType}</td>
            <td>
              <select value={sourceOf(column.name)} onChange={(e) => set(column.name, Number(e.target.value))} aria-label={`Source of ${column.name}`}>
                <option value={-1}>(not imported: its default)</option>
                {preview.columns.map((c, i) => <option key={i} value={i}>{c.name}</option>)}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A table name from a file name: "Sales 2024.csv" → "sales_2024". */
export function tableNameFromFile(name: string): string {
  const base = name.replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(base) ? base : `t_${base || 'import'}`;
}
