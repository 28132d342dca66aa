// The data explorer's REST routes (routes.ts "data explorer"): bodies validated by the
// route table, work done by TableDataService. The export streams the view page by page
// (keyset) as CSV, JSON or NDJSON, honouring socket backpressure; a client that goes away
// stops it.
import { once } from 'node:events';
import { BadRequestError } from '../errors.ts';
import { DataView, routes } from '../protocol/index.ts';
import { rowWriter } from '../query/export-formats.ts';
import type { TableDataService } from '../table-data/service.ts';
import type { ApiRouter } from './router.ts';

export function registerTableDataRoutes(router: ApiRouter, data: TableDataService): void {
  router
    .on(routes.tableInfo, ({ params, body }) => data.info(params.id, body))
    .on(routes.tablePage, ({ params, body }) => {
      const { from, limit, ...view } = body;
      return data.page(params.id, view, from, limit);
    })
    .on(routes.tableCount, ({ params, body }) => {
      const { exact, ...view } = body;
      return data.count(params.id, view, exact);
    })
    .on(routes.previewChanges, ({ params, body }) => data.preview(params.id, body))
    .on(routes.applyChanges, ({ params, body }) => data.apply(params.id, body))
    .on(routes.exportTable, async ({ res, params, body: form }) => {
      let json: unknown;
      try {
        json = JSON.parse(form.view);
      } catch {
        throw new BadRequestError('view: not JSON.');
      }
      const parsed = DataView.safeParse(json);
      if (!parsed.success) throw new BadRequestError('view: not a data view.', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
      const view = parsed.data;
      let closed = false;
      res.once('close', () => (closed = !res.writableFinished));
      const writer = rowWriter(form.format);
      let first = true;
      await data.forEachPage(params.id, view, async (columns, rows) => {
        if (!res.headersSent) {
          res.writeHead(200, {
            'Content-Type': writer.contentType,
            'Content-Disposition': `attachment; filename="${form.filename || view.table.replace(/[^\w.-]/g, '_')}.${form.format}"`,
            'Cache-Control': 'no-store',
          });
          await write(writer.header(columns.map((column) => ({ name: column.name, type: column.dataType, numeric: column.numeric }))));
        }
        let chunk = '';
        for (const cells of rows) {
          chunk += writer.row(cells, first);
          first = false;
        }
        await write(chunk);
        return !closed;
      });
      if (!closed) res.end(writer.footer());

      async function write(chunk: string): Promise<void> {
        if (!res.write(chunk) && !closed) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      }
    });
}
