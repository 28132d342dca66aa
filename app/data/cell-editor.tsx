'use client';
// A value in full, to read or edit: long text, JSON (pretty-printed, checked before it is
// kept), bytes (hex, size, download), dates; NULL is a checkbox, apart from an empty text.
import { useMemo, useState } from 'react';
import { Dialog } from '../components/dialog.tsx';
import type { DataColumn } from '../../server/protocol/index.ts';
import styles from './data.module.css';

type Cell = string | null;

const looksJson = (type: string) => /json/i.test(type);
const looksDate = (type: string) => /date|time/i.test(type);

export function CellEditor({ column, value, readOnly, onSave, onClose }: { column: DataColumn; value: Cell; readOnly: boolean; onSave(value: Cell): void; onClose(): void }) {
  const json = looksJson(column.dataType) || (value !== null && /^\s*[[{]/.test(value) && parses(value));
  const [isNull, setIsNull] = useState(value === null);
  const [text, setText] = useState(() => (value !== null && json && parses(value) ? JSON.stringify(JSON.parse(value), null, 2) : (value ?? '')));
  const jsonError = useMemo(() => (json && !isNull && text.trim() ? jsonProblem(text) : null), [json, isNull, text]);
  const hexError = column.binary && !isNull && !/^(?:[0-9a-fA-F]{2})*$/.test(text.replace(/\s+/g, '')) ? 'Bytes are written as hex digits, two per byte.' : null;
  const bytes = column.binary && !hexError ? text.replace(/\s+/g, '').length / 2 : null;

  const save = () => {
    if (isNull) return onSave(null);
    // JSON is kept as typed when unchanged in meaning, compacted when it was pretty-printed here.
    if (json && value !== null && parses(value) && JSON.stringify(JSON.parse(value)) === JSON.stringify(JSON.parse(text))) return onClose();
    onSave(column.binary ? text.replace(/\s+/g, '').toUpperCase() : text);
  };
  const download = () => {
    const hex = text.replace(/\s+/g, '');
    const data = new Uint8Array(hex.length / 2);
    for (let i = 0; i < data.length; i++) data[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    const url = URL.createObjectURL(new Blob([data]));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${column.name}.bin`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Dialog open wide title={`${column.name} · ${column.dataType}`} onClose={onClose}>
      <div className={styles.dialogBody}>
        <label className="check">
          <input type="checkbox" checked={isNull} disabled={readOnly || !column.nullable} onChange={(e) => setIsNull(e.target.checked)} /> NULL
          {!column.nullable && <span className="muted small"> (the column is NOT NULL)</span>}
        </label>
        {looksDate(column.dataType) && !isNull && <span className="muted small">Dates as the database prints them, e.g. 2024-03-01 12:34:56{/tz|zone/i.test(column.dataType) ? '+00' : ''}</span>}
        <textarea aria-label="Value" value={isNull ? '' : text} disabled={isNull} readOnly={readOnly} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        {bytes !== null && (
          <span className="small">
            {bytes.toLocaleString()} bytes <button type="button" onClick={download} disabled={isNull}>Download</button>
          </span>
        )}
        {(jsonError || hexError) && <p className="error-text" role="alert">{jsonError ?? hexError}</p>}
        {json && !jsonError && !isNull && <span className="ok-text small">Valid JSON</span>}
        <div className={styles.footer}>
          <button type="button" onClick={onClose}>{readOnly ? 'Close' : 'Cancel'}</button>
          {!readOnly && <button type="button" className="primary" disabled={Boolean(jsonError || hexError)} onClick={save}>Keep</button>}
        </div>
      </div>
    </Dialog>
  );
}

function parses(text: string): boolean {
  return jsonProblem(text) === null;
}

function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return `Not valid JSON: ${(error as Error).message}`;
  }
}
