'use client';
// Backup schedules: each one's cron in words, its next runs, retention, and its run
// history; a dialog to add or edit one with a live preview of the expression.
import { useState } from 'react';
import { dialectOf, previewCron, type BackupKind, type SavedConnection, type ScheduleInput, type ScheduleView } from '../../server/protocol/index.ts';
import { Dialog } from '../components/dialog.tsx';
import { describeError } from '../lib/api.ts';
import styles from './backups.module.css';
import type { BackupCommand } from './use-backups.ts';

interface Props {
  schedules: ScheduleView[];
  connections: SavedConnection[];
  filter: string;
  send(command: BackupCommand): Promise<unknown>;
}

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

export function SchedulesSection({ schedules, connections, filter, send }: Props) {
  const [editing, setEditing] = useState<ScheduleView | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = schedules.filter((s) => !filter || s.connectionId === filter);
  const name = (id: string) => connections.find((c) => c.id === id)?.name ?? 'deleted connection';
  return (
    <>
      <header className="page-header" style={{ marginTop: 24 }}>
        <h2 className={styles.section}>Schedules</h2>
        <button type="button" onClick={() => setEditing('new')} disabled={connections.length === 0}>New schedule</button>
      </header>
      {error && <p className="error-text" role="alert">{error}</p>}
      {shown.length === 0 ? (
        <p className="muted small">No schedules. A schedule backs up on a cron expression, keeps the newest backups, and can verify each one.</p>
      ) : (
        <table className={styles.table} aria-label="Schedules">
          <thead>
            <tr><th>Connection</th><th>When</th><th>Kind</th><th>Keep</th><th>Next runs</th><th>Last runs</th><th /></tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.id}>
                <td>{name(s.connectionId)}</td>
                <td>
                  {s.enabled ? s.description : <span className="muted">Paused</span>}
                  <div className={`muted ${styles.mono}`}>{s.cron}</div>
                </td>
                <td>{s.kind}{s.verify ? ', verified' : ''}</td>
                <td>{[s.keepLast && `newest ${s.keepLast}`, s.keepDays && `${s.keepDays} days`].filter(Boolean).join(' or ') || 'all'}</td>
                <td className="small">{s.nextRuns.slice(0, 2).map((r) => <div key={r}>{when(r)}</div>)}</td>
                <td className="small">
                  {s.runs.length === 0 ? <span className="muted">none yet</span> : s.runs.slice(0, 3).map((r) => (
                    <div key={r.startedAt} title={r.message} className={r.state === 'failed' || r.state === 'interrupted' ? 'error-text' : undefined}>
                      {when(r.startedAt)} · {r.state}{r.catchUp ? ' (missed run)' : ''}
                    </div>
                  ))}
                </td>
                <td>
                  <div className={styles.actions}>
                  <button type="button" onClick={() => setEditing(s)}>Edit</button>
                  <button type="button" className="danger" onClick={() => {
                    if (!window.confirm('Delete this schedule? Its backups stay.')) return;
                    send({ type: 'delete_schedule', scheduleId: s.id }).catch((e) => setError(describeError(e)));
                  }}>Delete</button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <ScheduleDialog schedule={editing === 'new' ? null : editing} connections={connections} initialConnectionId={filter} onClose={() => setEditing(null)} send={send} />
      )}
    </>
  );
}

function ScheduleDialog({ schedule, connections, initialConnectionId, onClose, send }: {
  schedule: ScheduleView | null; connections: SavedConnection[]; initialConnectionId: string; onClose(): void; send: Props['send'];
}) {
  const [input, setInput] = useState<ScheduleInput>(() => schedule ?? {
    connectionId: initialConnectionId || connections[0]?.id || '', kind: 'full', cron: '0 2 * * *', keepLast: 7, keepDays: null, verify: false, enabled: true, runMissed: true,
  });
  const [error, setError] = useState<string | null>(null);
  const connection = connections.find((c) => c.id === input.connectionId);
  const kinds = (connection ? dialectOf(connection.settings.engine).capabilities.backupKinds : []).filter((k) => k !== 'tables');
  let preview: { description: string; nextRuns: string[] } | null = null;
  let cronError: string | null = null;
  try {
    preview = previewCron(input.cron);
  } catch (e) {
    cronError = (e as Error).message;
  }
  const set = (patch: Partial<ScheduleInput>) => setInput({ ...input, ...patch });
  const count = (value: string) => (value.trim() === '' ? null : Math.max(1, Math.floor(Number(value)) || 1));

  async function save() {
    setError(null);
    try {
      await send({ type: 'save_schedule', ...(schedule ? { scheduleId: schedule.id } : {}), schedule: input });
      onClose();
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <Dialog open title={schedule ? 'Edit schedule' : 'New schedule'} onClose={onClose}>
      <div className={styles.form}>
        <label>
          Connection
          <select value={input.connectionId} onChange={(e) => set({ connectionId: e.target.value })}>
            {connections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>
          What
          <select value={input.kind} onChange={(e) => set({ kind: e.target.value as BackupKind })}>
            {kinds.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </label>
        <label>
          Cron expression (minute hour day month weekday)
          <input type="text" value={input.cron} onChange={(e) => set({ cron: e.target.value })} aria-label="Cron expression" className={styles.mono} />
        </label>
        {preview ? (
          <div className="small" aria-label="Schedule preview">
            <strong>{preview.description}</strong>
            <div className="muted">Next: {preview.nextRuns.map(when).join(' · ')}</div>
          </div>
        ) : (
          <p className="error-text small">{cronError}</p>
        )}
        <div className="toolbar">
          <label>
            Keep newest
            <input type="text" inputMode="numeric" value={input.keepLast ?? ''} onChange={(e) => set({ keepLast: count(e.target.value) })} aria-label="Keep newest" size={5} />
          </label>
          <label>
            Keep days
            <input type="text" inputMode="numeric" value={input.keepDays ?? ''} onChange={(e) => set({ keepDays: count(e.target.value) })} aria-label="Keep days" size={5} />
          </label>
        </div>
        <p className="muted small">Older backups of this schedule beyond both are deleted — never the connection’s only verified one.</p>
        <label className="check"><input type="checkbox" checked={input.verify} onChange={(e) => set({ verify: e.target.checked })} /> Fully verify each backup (restore into a scratch copy and compare)</label>
        <label className="check"><input type="checkbox" checked={input.runMissed} onChange={(e) => set({ runMissed: e.target.checked })} /> Run a missed backup when the app starts again</label>
        <label className="check"><input type="checkbox" checked={input.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled</label>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className={styles.footer}>
          <button type="button" className="primary" onClick={() => void save()} disabled={!preview || !input.connectionId}>Save schedule</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </Dialog>
  );
}
