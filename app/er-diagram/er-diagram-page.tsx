'use client';
// ER diagram of one schema (`/er-diagram?connection=…&schema=…`): its tables with columns
// and keys, foreign keys as edges, laid out by elkjs in the app's layout worker
// (layout-client.ts). Click a table to see its structure beside the diagram, open its data
// or read its DDL; export SVG or PNG. Says how long the layout and first drawing took.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { routes, type SchemaModel, type SchemaRef } from '../../server/protocol/index.ts';
import { api, describeError } from '../lib/api.ts';
import { useConnections } from '../lib/use-connections.ts';
import { SchemaPicker } from '../schema-diff/schema-picker.tsx';
import { Diagram } from './diagram.tsx';
import styles from './er-diagram.module.css';
import { exportPng, exportSvg } from './export.ts';
import type { Layout } from './er-layout.ts';
import { layoutSchema, startLayoutWorker } from './layout-client.ts';
import { TablePanel } from './table-panel.tsx';

export function ErDiagramPage() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { connections } = useConnections();
  const chosen: SchemaRef = { connectionId: params.get('connection') ?? '', schema: params.get('schema') ?? '' };
  const fileName = `er-${chosen.schema || 'schema'}`;
  const [model, setModel] = useState<SchemaModel | null>(null);
  const [layout, setLayout] = useState<Layout | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [timing, setTiming] = useState<string | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const started = useRef(0);
  const layoutMs = useRef(0);
  const laidOutAt = useRef(0);
  const [exporting, setExporting] = useState<'svg' | 'png' | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  // Exports draw every column first (zoomed out, the diagram shows table names only).
  useEffect(() => {
    if (!exporting || !svg.current || !layout) return;
    const size = [layout.width + 40, layout.height + 40] as const;
    const done = exporting === 'svg' ? Promise.resolve(exportSvg(svg.current, ...size, fileName)) : exportPng(svg.current, ...size, fileName);
    void done.catch((e) => setError(describeError(e))).finally(() => setExporting(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once per export request
  }, [exporting]);

  // Opened before the app was idle (a link straight here): elkjs loads while the schema is read.
  useEffect(startLayoutWorker, []);

  useEffect(() => {
    if (!chosen.connectionId || !chosen.schema) return;
    let live = true;
    setError(null);
    setLayout(null);
    setTiming(null);
    setSelected(null);
    api.call(routes.schemaModel, { params: { id: chosen.connectionId, schema: chosen.schema } })
      .then(async (next) => {
        if (!live) return;
        started.current = performance.now();
        setModel(next);
        const laid = await layoutSchema(next);
        layoutMs.current = laid.ms;
        laidOutAt.current = performance.now();
        if (live) setLayout(laid.layout);
      })
      .catch((e) => live && setError(describeError(e)));
    return () => {
      live = false;
    };
  }, [chosen.connectionId, chosen.schema]);

  // Once drawn: the time from the model's arrival to the first painted frame.
  useEffect(() => {
    if (!layout || !model) return;
    requestAnimationFrame(() => setTimeout(() => {
      const now = performance.now();
      setTiming(`${model.tables.length} tables laid out and drawn in ${Math.round(now - started.current)} ms (layout ${Math.round(layoutMs.current)} ms, drawing ${Math.round(now - laidOutAt.current)} ms)`);
    }));
  }, [layout, model]);

  const tables = useMemo(() => new Map((model?.tables ?? []).map((t) => [t.name, t])), [model]);
  const selectedTable = selected ? tables.get(selected) : undefined;
  const choose = (next: SchemaRef) => {
    if (!next.connectionId || !next.schema) {
      if (next.connectionId !== chosen.connectionId) router.replace(`${pathname}?${new URLSearchParams({ connection: next.connectionId })}`);
      return;
    }
    router.replace(`${pathname}?${new URLSearchParams({ connection: next.connectionId, schema: next.schema })}`);
  };

  return (
    <section className={`page ${styles.page}`}>
      <header className="page-header">
        <h1>ER diagram</h1>
        <SchemaPicker label="Schema" connections={connections} value={chosen} onChange={choose} />
        <button type="button" disabled={!layout || !!exporting} onClick={() => setExporting('svg')}>Export SVG</button>
        <button type="button" disabled={!layout || !!exporting} onClick={() => setExporting('png')}>Export PNG</button>
      </header>
      {error && <p className="error-text" role="alert">{error}</p>}
      {timing && <p className="muted small" role="status" data-timing>{timing} · drag to pan, wheel to zoom, click a table for its structure and data</p>}
      {!layout && !error && chosen.schema && <p className="muted">Laying out…</p>}
      {model && layout && model.tables.length === 0 && <p className="muted">This schema has no tables.</p>}
      <div className={styles.body}>
        <div className={styles.canvas}>
          {model && layout && (
            <Diagram
              key={`${chosen.connectionId}/${chosen.schema}`}
              ref={svg}
              layout={layout}
              fullDetail={exporting !== null}
              tables={tables}
              onOpen={setSelected}
            />
          )}
        </div>
        {selectedTable && <TablePanel connectionId={chosen.connectionId} schema={chosen.schema} table={selectedTable} onClose={() => setSelected(null)} />}
      </div>
    </section>
  );
}
