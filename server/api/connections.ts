// /api/connections: saved connections (CRUD), test, connect/disconnect, parse a URL.
import * as z from 'zod';
import type { ConnectionManager } from '../connections/manager.ts';
import { parseConnectionUrl } from '../connections/connection-url.ts';
import type { SecretBox } from '../connections/secret-box.ts';
import type { QueryHistory } from '../workspace/query-history.ts';
import { ConnectionInput, TestConnectionInput } from '../protocol/index.ts';
import { readJsonBody, type ApiRouter } from './router.ts';

const UrlBody = z.object({ url: z.string().min(1).max(8192) });

export function registerConnectionRoutes(router: ApiRouter, connections: ConnectionManager, box: SecretBox, history: QueryHistory): void {
  router
    .add('GET', '/api/connections', () => ({ connections: connections.list(), keyStorage: box.info }))
    .add('POST', '/api/connections', async ({ req, res }) => {
      const created = connections.create(await readJsonBody(req, ConnectionInput));
      res.statusCode = 201;
      return created;
    })
    .add('POST', '/api/connections/test', async ({ req }) => connections.test(await readJsonBody(req, TestConnectionInput)))
    .add('POST', '/api/connections/parse-url', async ({ req }) => parseConnectionUrl((await readJsonBody(req, UrlBody)).url))
    .add('GET', '/api/connections/:id', ({ params }) => connections.get(params.id!))
    .add('PUT', '/api/connections/:id', async ({ req, params }) => connections.update(params.id!, await readJsonBody(req, ConnectionInput)))
    .add('DELETE', '/api/connections/:id', async ({ params }) => {
      await connections.remove(params.id!);
      history.forget(params.id!);
    })
    .add('POST', '/api/connections/:id/connect', ({ params }) => connections.connect(params.id!))
    .add('POST', '/api/connections/:id/disconnect', ({ params }) => connections.disconnect(params.id!));
}
