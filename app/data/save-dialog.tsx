'use client';
// Save: the exact statements that will run (with their parameters written in), then Apply
// runs them in one transaction. A failure names the change and why; nothing was applied
// and the staged changes stay.
import { useEffect, useState } from 'react';
import { Dialog } from '../components/dialog.tsx';
import { routes, type ApplyResponse, type Change, type PreviewResponse } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import styles from './data.module.css';

export function SaveDialog({ connectionId, schema, table, changes, onApplied, onFailed, onClose }: {
  connectionId: string;
  schema: string;
  table: string;
  changes: Change[];
  onApplied(result: Extract<ApplyResponse, { ok: true }>): void;
  onFailed(change: number): void;
  onClose(): void;
}) {
  const [preview, setPreview] = useState<PreviewResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [failed, setFailed] = useState<number | null>(null);
  const [applying, setApplying] = useState(false);

  useEffect(() => {
    api.call(routes.previewChanges, { params: { id: connectionId }, body: { schema, table, changes } }).then(setPreview, (e) => setError(describeError(e)));
  }, [connectionId, schema, table, changes]);

  const apply = async () => {
    setApplying(true);
    setError(null);
    try {
      const result = await api.call(routes.applyChanges, { params: { id: connectionId }, body: { schema, table, changes } });
      if (result.ok) return onApplied(result);
      setFailed(result.change);
      setError(result.message);
      onFailed(result.change);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setApplying(false);
    }
  };

  return (
    <Dialog open wide title={`Save ${changes.length} change${changes.length === 1 ? '' : 's'} to ${table}`} onClose={onClose}>
      <div className={styles.dialogBody} data-testid="save-dialog">
        <span className="muted small">These statements run in one transaction; if any fails or hits a row that changed since it was read, none is applied.</span>
        <div className={styles.statements} aria-label="SQL preview">
          {preview?.statements.map((statement, i) => (
            <pre key={i} className={failed === i ? styles.failed : undefined}>{statement.text};</pre>
          )) ?? (!error && <span className="muted">Preparing…</span>)}
        </div>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className={styles.footer}>
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" className="primary" onClick={() => void apply()} disabled={!preview || applying || failed !== null}>
            {applying ? 'Applying…' : 'Apply'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
