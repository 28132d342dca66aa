// GET /api/info: facts about this server the UI shows (version, where files live).
import type { ServerConfig } from '../config.ts';
import { routes } from '../protocol/index.ts';
import type { ApiRouter } from './router.ts';

export function registerInfoRoutes(router: ApiRouter, config: ServerConfig, files: { logFile: string; portFile: string }): void {
  router.on(routes.info, () => ({
    version: config.version,
    pid: process.pid,
    node: process.versions.node,
    home: config.home,
    logFile: files.logFile,
    portFile: files.portFile,
    host: config.host,
    dev: config.dev,
  }));
}
