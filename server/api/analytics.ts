// GET /api/connections/:id/table-statistics: the Analytics page's table statistics, read on demand.
import { readTableStatistics } from '../analytics/table-statistics.ts';
import type { ConnectionManager } from '../connections/manager.ts';
import { routes } from '../protocol/index.ts';
import type { ApiRouter } from './router.ts';

export function registerAnalyticsRoutes(router: ApiRouter, connections: ConnectionManager): void {
  router.on(routes.tableStatistics, ({ params }) => readTableStatistics(connections.resolve(params.id).target));
}
