'use client';
// The parse settings, as detected and editable: a change previews the file again.
import type { ImportEncoding, ImportFormat, ParseSettings } from '../../server/protocol/index.ts';
import styles from './import.module.css';

const FORMATS: [ImportFormat, string][] = [['csv', 'CSV'], ['json', 'JSON array'], ['ndjson', 'NDJSON']];
const ENCODINGS: [ImportEncoding, string][] = [['utf-8', 'UTF-8'], ['utf-16le', 'UTF-16 LE'], ['utf-16be', 'UTF-16 BE'], ['latin1', 'Latin-1']];
const DELIMITERS: [string, string][] = [[',', 'Comma ,'], [';', 'Semicolon ;'], ['\t', 'Tab'], ['|', 'Pipe |']];

export function SettingsBar({ settings, onChange }: { settings: ParseSettings; onChange: (next: Partial<ParseSettings>) => void }) {
  const csv = settings.format === 'csv';
  return (
    <div className={styles.row}>
      <label className={styles.field}>
        Format
        <select value={settings.format} onChange={(e) => onChange({ format: e.target.value as ImportFormat })}>
          {FORMATS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <label className={styles.field}>
        Encoding
        <select value={settings.encoding} onChange={(e) => onChange({ encoding: e.target.value as ImportEncoding })}>
          {ENCODINGS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      {csv && (
        <>
          <label className={styles.field}>
            Delimiter
            <select value={settings.delimiter} onChange={(e) => onChange({ delimiter: e.target.value })}>
              {DELIMITERS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              {!DELIMITERS.some(([value]) => value === settings.delimiter) && <option value={settings.delimiter}>{settings.delimiter}</option>}
            </select>
          </label>
          <label className={styles.field}>
            Quote
            <select value={settings.quote} onChange={(e) => onChange({ quote: e.target.value })}>
              <option value={'"'}>Double "</option>
              <option value="'">Single '</option>
              <option value="">None</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={settings.header} onChange={(e) => onChange({ header: e.target.checked })} />
            First row is a header
          </label>
        </>
      )}
    </div>
  );
}
