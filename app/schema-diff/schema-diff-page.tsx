'use client';
// Schema diff: pick a source and a target (connection + schema), see the differences side
// by side grouped per table (destructive ones flagged), and the generated up and down
// scripts — copy them, open them in the editor, or save them as a migration of the target.
import Link from 'next/link';
import { useState } from 'react';
import { routes, type SavedMigration, type SchemaDiffResult, type SchemaRef } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import { editorHref } from '../lib/links.ts';
import { useConnections } from '../lib/use-connections.ts';
import { groupDifferences, summarize } from './group.ts';
import styles from './schema-diff.module.css';
import { SchemaPicker } from './schema-picker.tsx';

const KIND_LABEL: Record<string, string> = { 'primary-key': 'primary key', 'foreign-key': 'foreign key' };
const erHref = (side: SchemaRef) => `/er-diagram?${new URLSearchParams({ connection: side.connectionId, schema: side.schema })}`;

export function SchemaDiffPage() {
  const { connections } = useConnections();
  const [source, setSource] = useState<SchemaRef>({ connectionId: '', schema: '' });
  const [target, setTarget] = useState<SchemaRef>({ connectionId: '', schema: '' });
  const [allowDrops, setAllowDrops] = useState(false);
  const [result, setResult] = useState<SchemaDiffResult | null>(null);
  const [compared, setCompared] = useState<SchemaRef | null>(null);
  const [script, setScript] = useState<'up' | 'down'>('up');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<SavedMigration | null>(null);
  const [copied, setCopied] = useState(false);

  async function compare() {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      setResult(await api.call(routes.schemaDiff, { body: { source, target, allowDrops } }));
      setCompared(target);
    } catch (e) {
      setResult(null);
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    if (!result || !compared) return;
    setError(null);
    try {
      setSaved(await api.call(routes.saveDiffMigration, { params: { id: compared.connectionId }, body: { name, up: result.up, down: result.down } }));
    } catch (e) {
      setError(describeError(e));
    }
  }

  const text = result ? result[script] : '';
  const groups = result ? groupDifferences(result.differences) : [];
  const ready = source.connectionId && target.connectionId && !busy;

  return (
    <section className="page">
      <header className="page-header">
        <h1>Schema diff</h1>
      </header>
      <div className={styles.pickers}>
        <SchemaPicker label="Source" connections={connections} value={source} onChange={setSource} />
        <span aria-hidden>→</span>
        <SchemaPicker label="Target" connections={connections} value={target} onChange={setTarget} />
        <label className={styles.check}>
          <input type="checkbox" checked={allowDrops} onChange={(e) => setAllowDrops(e.target.checked)} />
          Allow drops
        </label>
        <button type="button" className="primary" disabled={!ready} onClick={() => void compare()}>{busy ? 'Comparing…' : 'Compare'}</button>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      {!result && !error && (
        <div className="empty-state">
          <p className="empty-title">Compare two schemas</p>
          <p className="muted">The migration makes the target equal to the source, in the target’s dialect, with its down script. Nothing only the target has is dropped unless you allow drops.</p>
        </div>
      )}
      {result && (
        <div className={styles.layout}>
          <div aria-label="Differences">
            <p className={styles.summary}>
              {summarize(result.differences)} · ER diagram of <Link href={erHref(source)}>source</Link>, <Link href={erHref(target)}>target</Link>
            </p>
            {groups.map((group) => (
              <div key={group.table} className={styles.group} data-table={group.table}>
                <div className={styles.groupHead}>
                  <span>{group.table}</span>
                  {group.destructive > 0 && <span className={styles.badge}>{group.destructive} destructive</span>}
                </div>
                <table className={styles.rows}>
                  <thead>
                    <tr><th style={{ width: '28%' }}>Object</th><th>Source</th><th>Target</th></tr>
                  </thead>
                  <tbody>
                    {group.items.map((item) => (
                      <tr key={item.key} data-change={item.change}>
                        <td>
                          <span className={styles.kind}>{KIND_LABEL[item.kind] ?? item.kind}</span> {item.kind === 'table' || item.kind === 'view' ? '' : item.name}
                          {item.destructive && <span className={styles.badge} title="Applying it can lose data">destructive</span>}
                        </td>
                        <td className={item.source === null ? styles.absent : styles.code}>{item.source ?? 'absent'}</td>
                        <td className={item.target === null ? styles.absent : styles.code}>{item.target ?? 'absent'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
          </div>
          <div aria-label="Migration">
            {result.warnings.length > 0 && (
              <ul className={styles.notes} aria-label="Warnings">
                {result.warnings.map((w) => <li key={w} className={styles.warn}>⚠ {w}</li>)}
              </ul>
            )}
            {result.skipped.length > 0 && (
              <ul className={styles.notes} aria-label="Skipped drops">
                {result.skipped.map((s) => <li key={s}>Skipped (drops not allowed): {s}</li>)}
              </ul>
            )}
            <div className={styles.tabs}>
              <button type="button" aria-pressed={script === 'up'} onClick={() => setScript('up')}>Up</button>
              <button type="button" aria-pressed={script === 'down'} onClick={() => setScript('down')}>Down</button>
              <button type="button" onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true), () => setCopied(false))} disabled={!text}>
                {copied ? 'Copied' : 'Copy'}
              </button>
              {compared && text && <Link className={styles.linkButton} href={editorHref(compared.connectionId, text)}>Open in editor</Link>}
            </div>
            <pre className={styles.sql} aria-label={`${script} script`}>{text || '-- Nothing to change.'}</pre>
            <div className={styles.save}>
              <input aria-label="Migration name" placeholder="migration_name" value={name} onChange={(e) => setName(e.target.value)} />
              <button type="button" disabled={!result.up || !name.trim()} onClick={() => void save()}>Save as migration</button>
              {saved && <span className={styles.saved} role="status">Saved {saved.upFile}</span>}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
