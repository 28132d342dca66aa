'use client';
// One migration file's SQL, editable in place: Save writes it through the server
// (atomically); "Open in editor" opens it in a new SQL tab on the connection.
import { useEffect, useState } from 'react';
import { describeError } from '../lib/api.ts';
import { editorHref } from '../lib/links.ts';
import styles from './migrations.module.css';
import type { MigratorCommand } from './use-migrations.ts';
import type { MigratorServerMessage } from '../../server/protocol/index.ts';

export function FilePanel({ connectionId, file, send, onClose }: { connectionId: string; file: string; send: (c: MigratorCommand) => Promise<MigratorServerMessage>; onClose: () => void }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    send({ type: 'read_file', connectionId, file })
      .then((reply) => {
        if (reply.type !== 'file') return;
        setSaved(reply.text);
        setText(reply.text);
      })
      .catch((e) => setError(describeError(e)));
  }, [connectionId, file, send]);

  async function save() {
    setError(null);
    try {
      await send({ type: 'save_file', connectionId, file, text });
      setSaved(text);
      setNote('Saved.');
    } catch (e) {
      setError(describeError(e));
    }
  }

  const dirty = saved !== null && text !== saved;
  return (
    <div className={styles.filePanel} role="region" aria-label={`File ${file}`}>
      <div className={styles.panelHead}>
        <strong className={styles.mono}>{file}</strong>
        <span className="muted small">{dirty ? 'Unsaved changes' : note}</span>
        <span className={styles.gap} />
        <button type="button" className="primary" disabled={!dirty} onClick={() => void save()}>Save</button>
        <a className={styles.linkButton} href={editorHref(connectionId, text)}>Open in editor</a>
        <button type="button" onClick={onClose} aria-label="Close file">×</button>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      <textarea
        className={styles.sql}
        value={text}
        spellCheck={false}
        aria-label="Migration SQL"
        onChange={(e) => {
          setText(e.target.value);
          setNote(null);
        }}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === 's') {
            e.preventDefault();
            if (dirty) void save();
          }
        }}
        disabled={saved === null}
      />
    </div>
  );
}
