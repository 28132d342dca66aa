'use client';
// The file's first rows as the server read them, under each column's name and inferred type.
import type { ImportPreview } from '../../server/protocol/index.ts';
import styles from './import.module.css';

const SHOWN = 20;

export function PreviewGrid({ preview }: { preview: ImportPreview }) {
  return (
    <div className={styles.gridWrap}>
      <table className={styles.grid} aria-label="Preview">
        <thead>
          <tr>
            <th>#</th>
            {preview.columns.map((c, i) => (
              <th key={i}>
                {c.name}
                <span className={styles.type}>{c.type}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.slice(0, SHOWN).map((row, r) => (
            <tr key={r}>
              <td className={styles.line}>{r + 1}</td>
              {preview.columns.map((_, i) => {
                const value = row[i];
                // A short (ragged) row has no value here: it will be rejected, so it is not shown as NULL.
                if (value === undefined) return <td key={i}><span className={styles.null}>missing</span></td>;
                return <td key={i}>{value === null ? <span className={styles.null}>NULL</span> : value}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
