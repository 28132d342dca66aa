// What every feature module receives to plug itself into the server: its routes go on
// `api`, its websocket endpoints are returned to start.ts, its cleanups go on `shutdown`,
// its long work is submitted to `jobs`, and any secret it handles (a password) goes to
// `secrets` so no log line can carry it.
import type { Logger } from 'pino';
import type { ActivityLog } from './activity/activity-log.ts';
import type { ApiRouter } from './api/router.ts';
import type { ServerConfig } from './config.ts';
import type { Health } from './health.ts';
import type { JobManager } from './jobs/job-manager.ts';
import type { Shutdown } from './lifecycle/shutdown.ts';
import type { SecretScrubber } from './logging/secret-scrubber.ts';
import type { EndpointContext } from './ws/endpoint.ts';

export interface ServerContext {
  config: ServerConfig;
  log: Logger;
  secrets: SecretScrubber;
  health: Health;
  api: ApiRouter;
  shutdown: Shutdown;
  endpoint: EndpointContext;
  /** Long work (backups, imports, migrations…) runs here; see jobs/job-manager.ts. */
  jobs: JobManager;
  /** The audit trail (statements, connection tests, exports, jobs); see activity/recorder.ts. */
  activity: ActivityLog;
  /** False when the server listens beyond loopback (--host): local-only features refuse. */
  loopbackOnly: boolean;
  /** Work to start once the server has announced itself (kept off the startup path). */
  onReady(task: () => void): void;
}
