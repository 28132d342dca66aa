'use client';
// The guard's question before destructive statements run.
import { Dialog } from '../components/dialog.tsx';

export function ConfirmDialog({ findings, sql, onConfirm, onCancel }: {
  findings: { index: number; start: number; end: number; reason: string }[];
  sql: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <Dialog open title="Run destructive statements?" onClose={onCancel} wide>
      <div style={{ padding: 14 }}>
        <p>Nothing has run yet. These statements cannot be undone once committed:</p>
        <ul>
          {findings.map((f) => (
            <li key={f.index} style={{ marginBottom: 8 }}>
              <code style={{ whiteSpace: 'pre-wrap' }}>{sql.slice(f.start, f.end).slice(0, 300)}</code>
              <div className="error-text small">{f.reason}</div>
            </li>
          ))}
        </ul>
        <footer style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <button type="button" onClick={onCancel} autoFocus data-autofocus>Cancel</button>
          <button type="button" className="primary" onClick={onConfirm}>Run anyway</button>
        </footer>
      </div>
    </Dialog>
  );
}
