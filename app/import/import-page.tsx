'use client';
// Import a CSV / JSON / NDJSON file into a table: pick a connection and a file (uploaded to
// the server), check the detected settings against the preview, choose a new table (its
// columns and types; the CREATE TABLE shown) or an existing one (the column mapping), one
// transaction or per-batch commits, then Start — the import runs as a job, its progress
// here and in the Jobs panel. `/import?connection=…&schema=…&table=…` (importHref) opens it
// on a table.
import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import {
  dialectOf,
  routes,
  type ColumnMapping,
  type ImportMode,
  type ImportPlan,
  type ImportPreview,
  type ImportTarget,
  type JobSnapshot,
  type ParseSettings,
} from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import { formatBytes } from '../lib/format-progress.ts';
import { dataHref } from '../lib/links.ts';
import { useConnections } from '../lib/use-connections.ts';
import { useJobs } from '../lib/use-jobs.ts';
import styles from './import.module.css';
import { ImportResult } from './import-result.tsx';
import { PreviewGrid } from './preview-grid.tsx';
import { SettingsBar } from './settings-bar.tsx';
import { ExistingTableMapping, NewTableColumns, tableNameFromFile, type NewColumnDraft } from './target-section.tsx';
import { ConnectionSelect } from '../components/connection-select.tsx';

export function ImportPage() {
  const params = useSearchParams();
  const { connections } = useConnections();
  const { jobs, cancel } = useJobs();
  const [connectionId, setConnectionId] = useState(params.get('connection') ?? '');
  const [schema, setSchema] = useState(params.get('schema') ?? '');
  const [schemas, setSchemas] = useState<string[]>([]);
  const [tables, setTables] = useState<string[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [targetKind, setTargetKind] = useState<'new' | 'existing'>(params.get('table') ? 'existing' : 'new');
  const [table, setTable] = useState(params.get('table') ?? '');
  const [newColumns, setNewColumns] = useState<NewColumnDraft[]>([]);
  const [mapping, setMapping] = useState<ColumnMapping[] | null>(null);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  const [mode, setMode] = useState<ImportMode>('transaction');
  const [started, setStarted] = useState<JobSnapshot | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const connection = connections.find((c) => c.id === connectionId);
  const engine = connection?.settings.engine;

  // A connection by default: the first one, once they are known.
  useEffect(() => {
    if (!connectionId && connections.length) setConnectionId(connections[0]!.id);
  }, [connectionId, connections]);

  // Its schemas (the dialect's default one chosen unless the link named one), and their tables.
  useEffect(() => {
    if (!connectionId || !engine) return;
    let stale = false;
    void api.call(routes.listSchemas, { params: { id: connectionId } }).then(
      ({ schemas: list }) => {
        if (stale) return;
        const names = list.map((s) => s.name);
        setSchemas(names);
        setSchema((current) => (current && names.includes(current) ? current : names.includes(dialectOf(engine).defaultSchema) ? dialectOf(engine).defaultSchema : (names[0] ?? '')));
      },
      (e: unknown) => !stale && setError(describeError(e)),
    );
    return () => void (stale = true);
  }, [connectionId, engine]);
  useEffect(() => {
    if (!connectionId || !schema) return;
    let stale = false;
    void api.call(routes.listObjects, { params: { id: connectionId, schema }, query: { limit: 1000 } }).then(
      (page) => !stale && setTables(page.objects.filter((o) => o.kind === 'table').map((o) => o.name)),
      () => {},
    );
    return () => void (stale = true);
  }, [connectionId, schema]);

  const target = useMemo<ImportTarget | null>(() => {
    if (!preview || !table.trim() || !schema) return null;
    if (targetKind === 'existing') return { type: 'existing', schema, table: table.trim(), ...(mapping?.length ? { mapping } : {}) };
    const columns = newColumns.flatMap((c, source) => (c.include ? [{ name: c.name.trim(), type: c.type, source }] : []));
    return columns.length ? { type: 'new', schema, table: table.trim(), columns } : null;
  }, [preview, table, schema, targetKind, mapping, newColumns]);

  // The plan, asked again (debounced) whenever the target changes: the CREATE TABLE, or the mapping.
  useEffect(() => {
    setPlanError(null);
    if (!preview || !target || !connectionId) return setPlan(null);
    let stale = false;
    const timer = setTimeout(() => {
      api.call(routes.planImport, { params: { id: connectionId }, body: { uploadId: preview.upload.uploadId, settings: preview.settings, target } }).then(
        (next) => {
          if (stale) return;
          setPlan(next);
          if (target.type === 'existing' && !target.mapping) setMapping(next.columns.map((c) => ({ column: c.column, source: c.source })));
        },
        (e: unknown) => {
          if (stale) return;
          setPlan(null);
          setPlanError(describeError(e));
        },
      );
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [preview, target, connectionId]);

  async function run(label: string, action: () => Promise<void>) {
    setBusy(label);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  }

  /** Uploads the file and previews it (with these settings, else as detected). */
  const load = (picked: File, settings?: Partial<ParseSettings>) =>
    run('Uploading…', async () => {
      // The previous file, if no import took it, is not needed any more.
      if (preview && !started) void api.call(routes.deleteImport, { params: { id: preview.upload.uploadId } }).catch(() => {});
      setStarted(null);
      const upload = await api.upload(routes.uploadImport, { query: { name: picked.name.slice(0, 255) } }, picked);
      const next = await api.call(routes.previewImport, { params: { id: upload.uploadId }, body: settings ? { settings } : {} });
      showPreview(next);
      if (targetKind === 'new' && !table) setTable(tableNameFromFile(picked.name));
    });

  function showPreview(next: ImportPreview) {
    setPreview(next);
    setNewColumns(next.columns.map((c) => ({ include: true, name: c.sanitized, type: c.type })));
  }

  const changeSettings = (change: Partial<ParseSettings>) =>
    preview &&
    run('Reading…', async () => {
      showPreview(await api.call(routes.previewImport, { params: { id: preview.upload.uploadId }, body: { settings: { ...preview.settings, ...change } } }));
    });

  const start = () =>
    preview &&
    target &&
    run('Starting…', async () => {
      setStarted(await api.call(routes.startImport, { params: { id: connectionId }, body: { uploadId: preview.upload.uploadId, settings: preview.settings, target, mode } }));
    });

  const job = started ? (jobs.find((j) => j.id === started.id) ?? started) : null;
  const ended = job && job.state !== 'running' && job.state !== 'queued';

  return (
    <section className="page">
      <header className="page-header">
        <h1>Import</h1>
        <ConnectionSelect connections={connections} value={connectionId} onChange={(id) => { setConnectionId(id); setMapping(null); }} />
      </header>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className={styles.layout}>
        <div className={styles.section}>
          <h2>File</h2>
          <div className={styles.row}>
            <input
              type="file"
              accept=".csv,.tsv,.txt,.json,.ndjson,.jsonl,text/csv,application/json"
              aria-label="File to import"
              disabled={!!busy || (job !== null && !ended)}
              onChange={(e) => {
                const picked = e.target.files?.[0];
                if (!picked) return;
                setFile(picked);
                void load(picked);
              }}
            />
            {preview && <span className="muted small">{preview.upload.name}, {formatBytes(preview.upload.size)}</span>}
            {busy && <span className="muted small">{busy}</span>}
          </div>
          {preview && <SettingsBar settings={preview.settings} onChange={changeSettings} />}
          {preview?.problem && <p className="error-text" role="alert">{preview.problem.message}</p>}
          {preview && <PreviewGrid preview={preview} />}
        </div>

        {preview && (
          <div className={styles.section}>
            <h2>Into</h2>
            <div className={styles.row}>
              <label className="check"><input type="radio" name="target" checked={targetKind === 'new'} onChange={() => { setTargetKind('new'); setTable(file ? tableNameFromFile(file.name) : ''); }} /> A new table</label>
              <label className="check"><input type="radio" name="target" checked={targetKind === 'existing'} onChange={() => { setTargetKind('existing'); setTable(''); setMapping(null); }} /> An existing table</label>
            </div>
            <div className={styles.row}>
              {schemas.length > 1 && (
                <label className={styles.field}>
                  Schema
                  <select value={schema} onChange={(e) => { setSchema(e.target.value); setMapping(null); }}>
                    {schemas.map((s) => <option key={s} value={s}>{s}</option>)}
                  </select>
                </label>
              )}
              <label className={styles.field}>
                Table
                <input type="text" value={table} list="import-tables" onChange={(e) => { setTable(e.target.value); setMapping(null); }} aria-label="Table name" />
                <datalist id="import-tables">{targetKind === 'existing' && tables.map((t) => <option key={t} value={t} />)}</datalist>
              </label>
            </div>
            {targetKind === 'new' && <NewTableColumns preview={preview} columns={newColumns} onChange={setNewColumns} />}
            {targetKind === 'existing' && plan && mapping && <ExistingTableMapping preview={preview} plan={plan} mapping={mapping} onChange={setMapping} />}
            {planError && <p className="error-text" role="alert">{planError}</p>}
            {plan?.createSql && <pre className={styles.sql} aria-label="CREATE TABLE statement">{plan.createSql}</pre>}
          </div>
        )}

        {preview && (
          <div className={styles.section}>
            <h2>How</h2>
            <label className="check"><input type="radio" name="mode" checked={mode === 'transaction'} onChange={() => setMode('transaction')} /> One transaction: the first bad row stops the import and nothing is kept</label>
            <label className="check"><input type="radio" name="mode" checked={mode === 'batch'} onChange={() => setMode('batch')} /> Commit per batch (huge files): bad rows are skipped and listed with their lines</label>
            <div className={styles.row}>
              {!job || ended ? (
                ended ? (
                  <button type="button" onClick={() => file && void load(file, preview.settings)}>Import again</button>
                ) : (
                  <button type="button" className="primary" disabled={!plan || !!busy || !!planError} onClick={() => void start()}>Start import</button>
                )
              ) : null}
            </div>
            {job && <ImportResult job={job} onCancel={() => void cancel(job.id)} tableHref={dataHref(connectionId, schema, table.trim())} />}
          </div>
        )}
      </div>
    </section>
  );
}
