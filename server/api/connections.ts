// /api/connections: saved connections (CRUD), test, connect/disconnect, parse a URL.
import type { ConnectionManager } from '../connections/manager.ts';
import { parseConnectionUrl } from '../connections/connection-url.ts';
import type { SecretBox } from '../connections/secret-box.ts';
import { routes } from '../protocol/index.ts';
import type { QueryHistory } from '../workspace/query-history.ts';
import type { ApiRouter } from './router.ts';

export function registerConnectionRoutes(router: ApiRouter, connections: ConnectionManager, box: SecretBox, history: QueryHistory): void {
  router
    .on(routes.listConnections, () => ({ connections: connections.list(), keyStorage: box.info }))
    .on(routes.createConnection, ({ body }) => connections.create(body))
    .on(routes.testConnection, ({ body }) => connections.test(body))
    .on(routes.parseConnectionUrl, ({ body }) => parseConnectionUrl(body.url))
    .on(routes.getConnection, ({ params }) => connections.get(params.id))
    .on(routes.updateConnection, ({ params, body }) => connections.update(params.id, body))
    .on(routes.deleteConnection, async ({ params }) => {
      await connections.remove(params.id);
      history.forget(params.id);
    })
    .on(routes.connect, ({ params }) => connections.connect(params.id))
    .on(routes.disconnect, ({ params }) => connections.disconnect(params.id));
}
