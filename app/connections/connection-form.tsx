'use client';
// Create or edit a connection: by form or from a URL, tested before saving if you like.
// The password field is never filled from the server; leaving it empty keeps the saved one.
import { useState, type FormEvent } from 'react';
import { routes, type ConnectionInput, type ConnectionSettings, type SavedConnection, type SslMode, type TestConnectionResult } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import styles from './connections.module.css';

const DEFAULTS: Record<ConnectionSettings['engine'], ConnectionSettings> = {
  postgres: { engine: 'postgres', host: 'localhost', port: 5432, database: 'postgres', user: 'postgres', ssl: { mode: 'prefer' }, connectTimeoutSeconds: 10 },
  sqlite: { engine: 'sqlite', file: '', readOnly: false },
};
const SSL_MODES: SslMode[] = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'];

type TestState = { kind: 'idle' } | { kind: 'testing' } | { kind: 'ok'; result: TestConnectionResult } | { kind: 'failed'; message: string };

export function ConnectionForm({ existing, onSaved, onCancel }: { existing?: SavedConnection; onSaved: () => void; onCancel: () => void }) {
  const [name, setName] = useState(existing?.name ?? '');
  const [settings, setSettings] = useState<ConnectionSettings>(existing?.settings ?? DEFAULTS.postgres);
  const [password, setPassword] = useState('');
  const [removePassword, setRemovePassword] = useState(false);
  const [url, setUrl] = useState('');
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const update = (patch: Partial<ConnectionSettings>) => setSettings((s) => ({ ...s, ...patch }) as ConnectionSettings);
  // undefined keeps the saved password, null removes it.
  const passwordField = () => (password ? password : removePassword ? null : existing ? undefined : null);

  async function fillFromUrl() {
    setError(null);
    try {
      const parsed = await api.call(routes.parseConnectionUrl, { body: { url } });
      setSettings(parsed.settings);
      if (parsed.password) setPassword(parsed.password);
      if (!name) setName(parsed.settings.engine === 'sqlite' ? (parsed.settings.file.split('/').pop() ?? 'SQLite') : `${parsed.settings.database} on ${parsed.settings.host}`);
      setUrl('');
    } catch (e) {
      setError(describeError(e));
    }
  }

  async function runTest() {
    setTest({ kind: 'testing' });
    try {
      const result = await api.call(routes.testConnection, { body: { id: existing?.id, settings, password: passwordField() } });
      setTest({ kind: 'ok', result });
    } catch (e) {
      setTest({ kind: 'failed', message: describeError(e) });
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const body: ConnectionInput = { name, settings, password: passwordField() };
    try {
      if (existing) await api.call(routes.updateConnection, { params: { id: existing.id }, body });
      else await api.call(routes.createConnection, { body });
      onSaved();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={save}>
      <div className={styles.urlRow}>
        <input type="text" placeholder="Paste a URL: postgres://user:password@host:5432/db or sqlite:/path/file.db" value={url}
          onChange={(e) => setUrl(e.target.value)} aria-label="Connection URL" />
        <button type="button" onClick={fillFromUrl} disabled={!url.trim()}>Fill</button>
      </div>
      <label>Name<input type="text" value={name} onChange={(e) => setName(e.target.value)} required autoFocus /></label>
      <fieldset className={styles.engines}>
        <legend>Engine</legend>
        {(['postgres', 'sqlite'] as const).map((engine) => (
          <label key={engine} className="check">
            <input type="radio" name="engine" checked={settings.engine === engine} onChange={() => setSettings(existing?.settings.engine === engine ? existing.settings : DEFAULTS[engine])} />
            {engine === 'postgres' ? 'PostgreSQL' : 'SQLite'}
          </label>
        ))}
      </fieldset>
      {settings.engine === 'sqlite' ? (
        <>
          <label>Database file (absolute path)<input type="text" value={settings.file} onChange={(e) => update({ file: e.target.value })} placeholder="/home/me/data.db" required /></label>
          <label className="check"><input type="checkbox" checked={settings.readOnly} onChange={(e) => update({ readOnly: e.target.checked })} /> Read-only</label>
        </>
      ) : (
        <>
          <div className={styles.row}>
            <label className={styles.grow}>Host<input type="text" value={settings.host} onChange={(e) => update({ host: e.target.value })} required /></label>
            <label className={styles.port}>Port<input type="number" min={1} max={65535} value={settings.port} onChange={(e) => update({ port: Number(e.target.value) })} required /></label>
          </div>
          <div className={styles.row}>
            <label className={styles.grow}>Database<input type="text" value={settings.database} onChange={(e) => update({ database: e.target.value })} required /></label>
            <label className={styles.grow}>User<input type="text" value={settings.user} onChange={(e) => update({ user: e.target.value })} required /></label>
          </div>
          <label>Password
            <input type="password" value={password} autoComplete="new-password" onChange={(e) => setPassword(e.target.value)}
              placeholder={existing?.hasPassword ? '•••••• saved — leave empty to keep it' : ''} disabled={removePassword} />
          </label>
          {existing?.hasPassword && (
            <label className="check"><input type="checkbox" checked={removePassword} onChange={(e) => setRemovePassword(e.target.checked)} /> Remove the saved password</label>
          )}
          <div className={styles.row}>
            <label className={styles.grow}>SSL
              <select value={settings.ssl.mode} onChange={(e) => update({ ssl: { ...settings.ssl, mode: e.target.value as SslMode } })}>
                {SSL_MODES.map((m) => <option key={m} value={m}>{m}</option>)}
              </select>
            </label>
            <label className={styles.port}>Timeout (s)<input type="number" min={1} max={300} value={settings.connectTimeoutSeconds} onChange={(e) => update({ connectTimeoutSeconds: Number(e.target.value) })} /></label>
          </div>
          {(settings.ssl.mode === 'verify-ca' || settings.ssl.mode === 'verify-full') && (
            <label>CA certificate (PEM)<textarea rows={3} value={settings.ssl.ca ?? ''} onChange={(e) => update({ ssl: { ...settings.ssl, ca: e.target.value || undefined } })} /></label>
          )}
        </>
      )}
      <div className={styles.testResult} role="status" aria-live="polite">
        {test.kind === 'testing' && <span className="muted">Testing…</span>}
        {test.kind === 'ok' && <span className="ok-text">✓ Connected to {test.result.serverVersion} in {test.result.latencyMs} ms</span>}
        {test.kind === 'failed' && <span className="error-text">✗ {test.message}</span>}
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      <footer className={styles.footer}>
        <button type="button" onClick={runTest} disabled={test.kind === 'testing'}>Test</button>
        <span className={styles.grow} />
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary" disabled={saving}>{saving ? 'Saving…' : 'Save'}</button>
      </footer>
    </form>
  );
}
