'use client';
// The page header's connection picker (Analytics, Backups, Migrations, Import…).
import type { SavedConnection } from '../../server/protocol/index.ts';

export function ConnectionSelect({ connections, value, onChange, label = 'Connection', allLabel }: {
  connections: readonly Pick<SavedConnection, 'id' | 'name'>[];
  value: string;
  onChange(id: string): void;
  /** The select's accessible name. */
  label?: string;
  /** A first option with the value "" (e.g. "All connections"). */
  allLabel?: string;
}) {
  return (
    <label className="toolbar">
      <span className="muted small">Connection</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={label}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {connections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
    </label>
  );
}
