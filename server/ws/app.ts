// /ws/app: the app-wide channel; the UI's connection indicator is this socket's state, and
// its jobs indicator follows every job through the job feed.
import type { JobManager } from '../jobs/job-manager.ts';
import { AppClientMessage, WS_PATHS, type AppServerMessage } from '../protocol/index.ts';
import { Endpoint, type EndpointContext } from './endpoint.ts';
import { isJobClientMessage, JobFeed } from './job-feed.ts';

export function createAppEndpoint(context: EndpointContext, jobs: JobManager) {
  const feed = new JobFeed(jobs, { logs: false });
  return new Endpoint<AppClientMessage, AppServerMessage>(
    {
      path: WS_PATHS.app,
      schema: AppClientMessage,
      onOpen: (conn) => feed.open(conn),
      onMessage(conn, message) {
        if (isJobClientMessage(message)) feed.handle(conn, message);
      },
    },
    context,
  );
}
