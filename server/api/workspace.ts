// /api/workspace: the SQL editor's tabs; /api/connections/:id/history: its query history.
import type { ConnectionManager } from '../connections/manager.ts';
import { BadRequestError } from '../errors.ts';
import { TabId, TabInput, WorkspaceLayout } from '../protocol/index.ts';
import type { QueryHistory } from '../workspace/query-history.ts';
import type { WorkspaceFile } from '../workspace/workspace-file.ts';
import { readJsonBody, type ApiRouter } from './router.ts';

export function registerWorkspaceRoutes(router: ApiRouter, workspace: WorkspaceFile, history: QueryHistory, connections: ConnectionManager): void {
  router
    .add('GET', '/api/workspace', () => workspace.read())
    .add('PUT', '/api/workspace/layout', async ({ req }) => workspace.saveLayout(await readJsonBody(req, WorkspaceLayout)))
    .add('PUT', '/api/workspace/tabs/:id', async ({ req, params }) => workspace.saveTab(tabId(params.id!), await readJsonBody(req, TabInput)))
    .add('DELETE', '/api/workspace/tabs/:id', ({ params }) => {
      workspace.removeTab(tabId(params.id!));
    })
    .add('GET', '/api/connections/:id/history', ({ params, url }) => {
      connections.get(params.id!); // 404 for an unknown connection
      const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
      return { entries: history.search(params.id!, url.searchParams.get('q') ?? '', limit) };
    });
}

function tabId(raw: string): string {
  const parsed = TabId.safeParse(raw);
  if (!parsed.success) throw new BadRequestError(`Tab id "${raw.slice(0, 64)}" is invalid: ${parsed.error.issues[0]?.message}.`);
  return parsed.data;
}
