// Starts one DB Toolkit server: logging → bind the port → security, API, websockets →
// announce → Next.js (pages wait for it). Returns once the server can serve every route.
import { createServer } from 'node:http';
import { ActivityLog } from './activity/activity-log.ts';
import { ApiRouter } from './api/router.ts';
import { registerInfoRoutes } from './api/info.ts';
import { isLoopbackHost, type ServerConfig } from './config.ts';
import type { ServerContext } from './context.ts';
import { registerFeatures } from './features.ts';
import { Health, type CheckResult } from './health.ts';
import { JobManager } from './jobs/job-manager.ts';
import { JobStore } from './jobs/job-store.ts';
import { createRequestHandler, type PageHandler } from './http/request-handler.ts';
import { SecurityPolicy } from './http/security-policy.ts';
import { Announcement } from './lifecycle/announce.ts';
import { listenOnPort } from './lifecycle/listen.ts';
import { collectStartGarbage, START_GARBAGE_DELAY_MS } from './lifecycle/start-garbage.ts';
import { watchParent } from './lifecycle/parent-watch.ts';
import { Shutdown } from './lifecycle/shutdown.ts';
import type { ServerLog } from './logging/logger.ts';
import { checkNextBuild, prepareNextPages } from './next-pages.ts';
import { CloseCode, routes } from './protocol/index.ts';
import { createAppEndpoint } from './ws/app.ts';
import { attachUpgradeHandler } from './ws/upgrade.ts';
import { createLogsEndpoint } from './ws/logs.ts';

export interface RunningServer {
  port: number;
  url: string;
  shutdown: Shutdown;
}

type Output = { write(text: string): unknown };

export async function startServer(config: ServerConfig, serverLog: ServerLog, stdout: Output, stderr: Output): Promise<RunningServer> {
  const log = serverLog.logger;
  const health = new Health(config.version);
  const startedAt = new Date().toISOString();
  health.register('logFile', () => {
    const error = serverLog.fileError();
    return error ? { ok: false, detail: `cannot write ${serverLog.file}: ${error.message}` } : { ok: true };
  });

  // A request's headers must come within a minute; its body may take up to 30 minutes — an
  // import's upload (up to 10 GB by default) is the one long body.
  const httpServer = createServer({ headersTimeout: 60_000, requestTimeout: 30 * 60_000 });
  const shutdown = new Shutdown(httpServer, log);
  shutdown.onShutdown('log file', () => serverLog.close());
  shutdown.installSignalHandlers();
  watchParent((how) => void shutdown.run(how, 0));

  const port = await listenOnPort(httpServer, config.host, config.pinnedPort);
  health.port = port;
  const loopbackOnly = isLoopbackHost(config.host);
  if (!loopbackOnly) {
    stderr.write(`\n!!! WARNING: DB Toolkit is listening on ${config.host}:${port}, reachable from other machines.\n!!! Anyone with the token can use your databases. The terminal is disabled.\n\n`);
    log.warn({ host: config.host, port }, 'listening beyond localhost');
  }

  const policy = new SecurityPolicy({ token: config.token, port, bindHost: config.host, extraAllowedHosts: config.extraAllowedHosts });
  const api = new ApiRouter(routes);
  const announcement = new Announcement(config.home, { pid: process.pid, port, host: config.host, startedAt, version: config.version });
  registerInfoRoutes(api, config, { logFile: serverLog.file, portFile: announcement.portFile });

  let resolvePages!: (handler: PageHandler) => void;
  const pagesReady = new Promise<PageHandler>((resolve) => (resolvePages = resolve));
  httpServer.on('request', createRequestHandler({ policy, health, api, log, pages: () => pagesReady }));

  const endpointContext = { log, version: config.version, startedAt };
  const jobs = new JobManager({ log, store: new JobStore(config.home), scrub: (text) => serverLog.secrets.scrub(text) });
  shutdown.onExit('job processes', () => jobs.killProcessesNow());
  const activity = new ActivityLog(config.home, {
    onWriteError: (error) => log.error({ err: error.message }, 'the activity log cannot be written (is the disk full?); its entries wait in memory and are retried'),
  });
  shutdown.onExit('activity log', () => activity.close());
  const readyTasks: (() => void)[] = [];
  const context: ServerContext = {
    config, log, secrets: serverLog.secrets, health, api, shutdown, endpoint: endpointContext, jobs, activity, loopbackOnly,
    onReady: (task) => readyTasks.push(task),
  };
  const endpoints = [createAppEndpoint(endpointContext, jobs), createLogsEndpoint(endpointContext, serverLog.buffer, activity), ...(await registerFeatures(context))];
  const unserved = api.unserved().map((r) => `${r.method} ${r.path}`);
  if (unserved.length) throw new Error(`Routes in the table without a handler: ${unserved.join(', ')}.`);
  // Registered after the features, so it runs before them (newest first): jobs stop while
  // the database connections they use are still open.
  shutdown.onShutdown('jobs', () => jobs.stop());
  for (const endpoint of endpoints) endpoint.startHeartbeat(config.heartbeatMs);
  attachUpgradeHandler(httpServer, { policy, endpoints, loopbackOnly, log, accepting: () => !shutdown.started });
  shutdown.onConnectionsClose('websockets', async () => {
    await Promise.all(endpoints.map((e) => e.closeAll(CloseCode.goingAway, 'server shutting down', 1500)));
  });

  // Next.js is prepared after the announcement, not before: it is most of the start (300–400 ms
  // of CPU), and nothing but a page needs it. A page asked for meanwhile waits for it (the
  // request handler awaits pagesReady), so the server can serve every request from here on —
  // what /status 200 means. The build is checked first, so a missing one still fails the start.
  const pagesOptions = { dev: config.dev, dir: config.appDir, hostname: config.host, port, httpServer };
  checkNextBuild(pagesOptions);
  shutdown.onExit('port file', () => announcement.withdraw());
  announcement.publish(stdout);
  health.setPhase('running');
  let pagesState: CheckResult = { ok: true, detail: 'preparing' };
  health.register('pages', () => pagesState);
  // The ready tasks (reconnecting saved connections, backup schedules) wait for the pages,
  // so they do not slow the first page down.
  void prepareNextPages(pagesOptions).then(
    (pages) => {
      shutdown.onShutdown('next', () => pages.close());
      pagesState = { ok: true };
      resolvePages(pages.handle);
      for (const task of readyTasks) task();
      collectStartGarbage(START_GARBAGE_DELAY_MS);
    },
    (error: unknown) => {
      // Without pages there is no app to serve: the same end as a failed start, later.
      pagesState = { ok: false, detail: `Next.js could not start: ${(error as Error).message}` };
      log.fatal({ err: error }, 'Next.js could not be prepared; shutting down');
      void shutdown.run('Next.js could not be prepared', 1);
    },
  );

  const url = `http://${loopbackOnly ? config.host.replace(/^::1$/, '[::1]') : '127.0.0.1'}:${port}/`;
  log.info({ port, host: config.host, pid: process.pid, version: config.version, dev: config.dev, home: config.home }, 'server ready');
  if (config.printOpenUrl) stdout.write(`\n  DB Toolkit is running. Open: ${url}?token=${config.token}\n\n`);
  return { port, url, shutdown };
}
