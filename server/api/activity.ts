// /api/activity: the activity log, paged and filtered, and its setting (record literals).
import type { ActivityLog } from '../activity/activity-log.ts';
import type { ActivitySettingsFile } from '../activity/activity-settings.ts';
import { routes } from '../protocol/index.ts';
import type { ApiRouter } from './router.ts';

export function registerActivityRoutes(router: ApiRouter, log: ActivityLog, settings: ActivitySettingsFile): void {
  router
    .on(routes.activity, ({ query }) => log.page(query))
    .on(routes.activitySettings, () => settings.get())
    .on(routes.saveActivitySettings, ({ body }) => settings.save(body));
}
