// /api/workspace: the SQL editor's tabs; /api/connections/:id/history: its query history.
import type { ConnectionManager } from '../connections/manager.ts';
import { routes } from '../protocol/index.ts';
import type { QueryHistory } from '../workspace/query-history.ts';
import type { WorkspaceFile } from '../workspace/workspace-file.ts';
import type { ApiRouter } from './router.ts';

export function registerWorkspaceRoutes(router: ApiRouter, workspace: WorkspaceFile, history: QueryHistory, connections: ConnectionManager): void {
  router
    .on(routes.workspace, () => workspace.read())
    .on(routes.saveLayout, ({ body }) => workspace.saveLayout(body))
    .on(routes.saveTab, ({ params, body }) => workspace.saveTab(params.id, body))
    .on(routes.deleteTab, ({ params }) => workspace.removeTab(params.id))
    .on(routes.history, ({ params, query }) => {
      connections.get(params.id); // 404 for an unknown connection
      return { entries: history.search(params.id, query.q, query.limit) };
    });
}
