// POST /api/connections/:id/export (a form post, so the browser downloads the response as
// it streams): re-runs one row-returning statement in a read-only session of its own and
// writes CSV or JSON straight from the database cursor, honouring socket backpressure.
// Nothing is held in memory; a client that goes away stops the query. Each export goes to
// the activity log (the statement redacted like any other, its rows, its error).
import { once } from 'node:events';
import type { ActivityRecorder } from '../activity/recorder.ts';
import type { ConnectionManager } from '../connections/manager.ts';
import { BadRequestError } from '../errors.ts';
import { routes, splitStatements } from '../protocol/index.ts';
import { rowWriter } from '../query/export-formats.ts';
import type { ApiRouter } from './router.ts';

const BATCH = 2000;

export function registerExportRoutes(router: ApiRouter, connections: ConnectionManager, activity: ActivityRecorder): void {
  router.on(routes.exportRows, async ({ res, params, body: form }) => {
    const driver = await connections.driver(params.id);
    const statements = splitStatements(driver.dialect, form.sql);
    if (statements.length !== 1) throw new BadRequestError(`Export runs exactly one statement; got ${statements.length}.`);
    const session = await driver.openSession();
    const started = performance.now();
    let rows = 0;
    let failure: string | null = null;
    let aborted = false;
    res.once('close', () => {
      if (!res.writableFinished) {
        aborted = true;
        void session.cancel();
      }
    });
    try {
      await drain(session.run(driver.dialect.readOnly.begin, { batchSize: 1 }));
      const writer = rowWriter(form.format);
      let first = true;
      for await (const event of session.run(statements[0]!.text, { batchSize: BATCH })) {
        if (aborted) break;
        if (event.kind === 'columns') {
          res.writeHead(200, {
            'Content-Type': writer.contentType,
            'Content-Disposition': `attachment; filename="${form.filename || 'export'}.${form.format}"`,
            'Cache-Control': 'no-store',
          });
          await write(writer.header(event.columns));
        } else if (event.kind === 'rows') {
          rows += event.rows.length;
          await write(event.rows.map((cells) => {
            const line = writer.row(cells, first);
            first = false;
            return line;
          }).join(''));
        } else if (!res.headersSent) {
          throw new BadRequestError('That statement returns no rows to export.');
        }
      }
      if (!aborted) res.end(writer.footer());
    } catch (error) {
      failure = (error as Error).message;
      throw error;
    } finally {
      activity.statement({
        kind: 'export', connectionId: params.id, sql: statements[0]!.text, syntax: driver.dialect.syntax,
        durationMs: Math.round(performance.now() - started), rows, error: failure ?? (aborted ? 'cancelled: the download was stopped' : null),
      });
      await drain(session.run(driver.dialect.readOnly.end, { batchSize: 1 })).catch(() => {});
      await session.close();
    }

    async function write(chunk: string): Promise<void> {
      if (!res.write(chunk) && !aborted) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
  });
}

async function drain(events: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of events);
}
