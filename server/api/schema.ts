// The schema explorer's reads, per connection: schemas → objects (paged, searchable) →
// details and DDL, plus a bounded table/column list for editor autocomplete.
import type { ConnectionManager } from '../connections/manager.ts';
import { ddlFor } from '../ddl/engines.ts';
import { routes } from '../protocol/index.ts';
import type { ApiRouter } from './router.ts';

const COMPLETION_TABLES = 2000;

export function registerSchemaRoutes(router: ApiRouter, connections: ConnectionManager): void {
  router
    .on(routes.listSchemas, async ({ params }) => ({ schemas: await (await connections.driver(params.id)).listSchemas() }))
    .on(routes.listObjects, async ({ params, query }) => (await connections.driver(params.id)).listObjects(params.schema, query))
    .on(routes.describeObject, async ({ params }) => (await connections.driver(params.id)).describe(params.schema, params.name))
    .on(routes.objectDdl, async ({ params }) => {
      const driver = await connections.driver(params.id);
      const { kind } = await driver.describe(params.schema, params.name); // 404 for a name that is not there
      const { target } = connections.resolve(params.id);
      return ddlFor(target).ddl(target, driver, { schema: params.schema, name: params.name, kind });
    })
    .on(routes.searchObjects, async ({ params, query }) => ({
      objects: await (await connections.driver(params.id)).searchObjects(query.q, query.limit),
    }))
    .on(routes.completion, async ({ params }) => (await connections.driver(params.id)).completionSchema(COMPLETION_TABLES));
}
