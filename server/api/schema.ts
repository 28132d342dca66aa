// The schema explorer's reads, per connection: schemas → objects (paged, searchable) →
// details, plus a bounded table/column list for editor autocomplete.
import type { ConnectionManager } from '../connections/manager.ts';
import { BadRequestError } from '../errors.ts';
import type { ApiRouter } from './router.ts';

const MAX_PAGE = 1000;
const COMPLETION_TABLES = 2000;

export function registerSchemaRoutes(router: ApiRouter, connections: ConnectionManager): void {
  router
    .add('GET', '/api/connections/:id/schemas', async ({ params }) => ({
      schemas: await (await connections.driver(params.id!)).listSchemas(),
    }))
    .add('GET', '/api/connections/:id/schemas/:schema/objects', async ({ params, url }) => {
      const driver = await connections.driver(params.id!);
      return driver.listObjects(params.schema!, {
        search: url.searchParams.get('search') ?? undefined,
        offset: intParam(url, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0,
        limit: intParam(url, 'limit', 1, MAX_PAGE) ?? 200,
      });
    })
    .add('GET', '/api/connections/:id/objects/:schema/:name', async ({ params }) =>
      (await connections.driver(params.id!)).describe(params.schema!, params.name!),
    )
    .add('GET', '/api/connections/:id/search', async ({ params, url }) => {
      const query = url.searchParams.get('q')?.trim() ?? '';
      if (!query) throw new BadRequestError('Give a search text in ?q=.');
      return { objects: await (await connections.driver(params.id!)).searchObjects(query, intParam(url, 'limit', 1, MAX_PAGE) ?? 100) };
    })
    .add('GET', '/api/connections/:id/completion', async ({ params }) =>
      (await connections.driver(params.id!)).completionSchema(COMPLETION_TABLES),
    );
}

function intParam(url: URL, name: string, min: number, max: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new BadRequestError(`?${name}= must be an integer from ${min} to ${max}; got "${raw}".`);
  return value;
}
