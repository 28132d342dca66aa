// /ws/test-jobs — for the test suite only: registered when the server runs with
// DB_TOOLKIT_TEST_JOBS=1, absent (404) otherwise. A job feed of the `test` kind, plus
// start_test_job, which runs a real child process as a job (jobs/test-job.ts).
import type { JobManager } from '../jobs/job-manager.ts';
import { testJob } from '../jobs/test-job.ts';
import { TestJobsClientMessage, WS_PATHS, type TestJobsServerMessage } from '../protocol/index.ts';
import { Endpoint, type EndpointContext } from './endpoint.ts';
import { isJobClientMessage, JobFeed } from './job-feed.ts';

export function createTestJobsEndpoint(context: EndpointContext, jobs: JobManager) {
  const feed = new JobFeed(jobs, { kinds: ['test'], logs: true });
  return new Endpoint<TestJobsClientMessage, TestJobsServerMessage>(
    {
      path: WS_PATHS.testJobs,
      schema: TestJobsClientMessage,
      onOpen: (conn) => feed.open(conn),
      onMessage(conn, message) {
        if (isJobClientMessage(message)) return feed.handle(conn, message);
        conn.send({ type: 'job', id: message.id, job: jobs.submit(testJob(message)) });
      },
    },
    context,
  );
}
