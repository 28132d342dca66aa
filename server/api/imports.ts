// Import routes: upload a file (streamed to disk), preview it, plan the import into a
// connection's table, start it as a job (its progress comes over the job feed, /ws/app),
// or discard the upload.
import type { ImportService } from '../imports/service.ts';
import { routes } from '../protocol/index.ts';
import type { ApiRouter } from './router.ts';

export function registerImportRoutes(router: ApiRouter, imports: ImportService): void {
  router.on(routes.uploadImport, ({ req, query }) => imports.upload(req, query.name, Number(req.headers['content-length'] ?? 0)));
  router.on(routes.previewImport, ({ params, body }) => imports.preview(params.id, body.settings));
  router.on(routes.deleteImport, ({ params }) => imports.discard(params.id));
  router.on(routes.planImport, ({ params, body }) => imports.plan(params.id, body));
  router.on(routes.startImport, ({ params, body }) => imports.start(params.id, body));
}
