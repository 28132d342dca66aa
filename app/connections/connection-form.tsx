'use client';
// Create or edit a connection: by form or from a URL, tested before saving if you like.
// The password field is never filled from the server; leaving it empty keeps the saved one.
import { useState, type ComponentType, type FormEvent } from 'react';
import {
  ALL_DIALECTS,
  routes,
  suggestConnectionName,
  type ConnectionInput,
  type ConnectionSettings,
  type SavedConnection,
  type TestConnectionResult,
} from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import styles from './connections.module.css';
import { ENGINE_FIELDS, type EngineFieldsProps } from './fields/engine-fields.ts';

const URL_PLACEHOLDER = `Paste a URL: ${ALL_DIALECTS.map((d) => d.connection.urlExample).join(' or ')}`;

type TestState = { kind: 'idle' } | { kind: 'testing' } | { kind: 'ok'; result: Extract<TestConnectionResult, { ok: true }> } | { kind: 'failed'; message: string };

export function ConnectionForm({ existing, onSaved, onCancel }: { existing?: SavedConnection; onSaved: () => void; onCancel: () => void }) {
  const [name, setName] = useState(existing?.name ?? '');
  const [settings, setSettings] = useState<ConnectionSettings>(existing?.settings ?? ALL_DIALECTS[0]!.connection.defaults);
  const [password, setPassword] = useState('');
  const [removePassword, setRemovePassword] = useState(false);
  const [url, setUrl] = useState('');
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const update = (patch: Partial<ConnectionSettings>) => setSettings((s) => ({ ...s, ...patch }) as ConnectionSettings);
  // The fields of the chosen engine; TypeScript cannot tie the component to the settings' engine.
  const Fields = ENGINE_FIELDS[settings.engine] as ComponentType<EngineFieldsProps<ConnectionSettings>>;
  // undefined keeps the saved password, null removes it.
  const passwordField = () => (password ? password : removePassword ? null : existing ? undefined : null);

  async function fillFromUrl() {
    setError(null);
    try {
      const parsed = await api.call(routes.parseConnectionUrl, { body: { url } });
      setSettings(parsed.settings);
      if (parsed.password) setPassword(parsed.password);
      // The current name, not the one when Fill was clicked: a name typed meanwhile is kept.
      setName((current) => current || suggestConnectionName(parsed.settings));
      setUrl('');
    } catch (e) {
      setError(describeError(e));
    }
  }

  async function runTest() {
    setTest({ kind: 'testing' });
    try {
      const result = await api.call(routes.testConnection, { body: { id: existing?.id, settings, password: passwordField() } });
      setTest(result.ok ? { kind: 'ok', result } : { kind: 'failed', message: result.message });
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
        <input type="text" placeholder={URL_PLACEHOLDER} value={url} onChange={(e) => setUrl(e.target.value)} aria-label="Connection URL" />
        <button type="button" onClick={fillFromUrl} disabled={!url.trim()}>Fill</button>
      </div>
      <label>Name<input type="text" value={name} onChange={(e) => setName(e.target.value)} required autoFocus /></label>
      <fieldset className={styles.engines}>
        <legend>Engine</legend>
        {ALL_DIALECTS.map(({ engine, label, connection }) => (
          <label key={engine} className="check">
            <input type="radio" name="engine" checked={settings.engine === engine} onChange={() => setSettings(existing?.settings.engine === engine ? existing.settings : connection.defaults)} />
            {label}
          </label>
        ))}
      </fieldset>
      <Fields settings={settings} update={update} password={
        <>
          <label>Password
            <input type="password" value={password} autoComplete="new-password" onChange={(e) => setPassword(e.target.value)}
              placeholder={existing?.hasPassword ? '•••••• saved — leave empty to keep it' : ''} disabled={removePassword} />
          </label>
          {existing?.hasPassword && (
            <label className="check"><input type="checkbox" checked={removePassword} onChange={(e) => setRemovePassword(e.target.checked)} /> Remove the saved password</label>
          )}
        </>
      } />
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
