// The job feed as a feature endpoint carries it: only its kinds, with log lines live, and
// no reach into other kinds' jobs — next to an all-kinds feed without logs, as /ws/app
// carries it. Real websockets on an in-process HTTP server, real jobs.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import * as z from 'zod';
import { JobManager } from '../jobs/job-manager.ts';
import { commonClientMessages, commonServerMessages, jobClientMessages, jobServerMessages } from '../protocol/index.ts';
import { connect, type TestSocket } from '../testing/ws-client.ts';
import { Endpoint } from './endpoint.ts';
import { isJobClientMessage, JobFeed } from './job-feed.ts';

const Client = z.discriminatedUnion('type', [...commonClientMessages, ...jobClientMessages]);
const ServerMessage = z.discriminatedUnion('type', [...commonServerMessages, ...jobServerMessages]);

const log = pino({ level: 'silent' });
const jobs = new JobManager({ log });
const context = { log, version: 'test', startedAt: new Date().toISOString() };
const endpoint = (path: string, feed: JobFeed) =>
  new Endpoint<z.infer<typeof Client>, z.infer<typeof ServerMessage>>(
    {
      path,
      schema: Client,
      onOpen: (conn) => feed.open(conn),
      onMessage(conn, message) {
        if (isJobClientMessage(message)) feed.handle(conn, message);
      },
    },
    context,
  );
const endpoints = [endpoint('/backups', new JobFeed(jobs, { kinds: ['backup', 'restore'], logs: true })), endpoint('/app', new JobFeed(jobs, { logs: false }))];

let server: Server;
let port: number;
before(async () => {
  server = createServer();
  server.on('upgrade', (req, socket, head) => endpoints.find((e) => e.path === req.url)!.accept(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  await Promise.all(endpoints.map((e) => e.closeAll(1001, 'done', 500)));
  server.close();
});

/** A job that logs a line, then waits until cancelled. */
function waiting(kind: 'backup' | 'import', title: string) {
  return jobs.submit({ kind, title, async run(job) {
    job.log(`${title} started`);
    await new Promise((resolve) => job.signal.addEventListener('abort', resolve));
    throw job.signal.reason;
  } });
}

test('a feature feed lists and follows only its kinds, with their log lines', async () => {
  const before = waiting('import', 'earlier import');
  const backups = await connect(port, '/backups');
  const app = await connect(port, '/app');
  const [backupList, appList] = await Promise.all([backups, app].map((s: TestSocket) => s.next((m) => m.type === 'jobs')));
  assert.deepEqual(backupList!.jobs, []);
  assert.deepEqual((appList!.jobs as { id: string }[]).map((j) => j.id), [before.id]);

  const backup = waiting('backup', 'nightly');
  const line = await backups.next((m) => m.type === 'job_log' && m.jobId === backup.id);
  assert.deepEqual((line.lines as { text: string }[]).map((l) => l.text), ['nightly started']);
  await app.next((m) => m.type === 'job' && (m.job as { id: string }).id === backup.id);

  // Another kind's job is invisible to the feature's clients, and out of their reach.
  backups.sendJson({ type: 'cancel_job', id: 'c1', jobId: before.id });
  assert.equal((await backups.reply('c1')).code, 'not_found');
  backups.sendJson({ type: 'get_job_log', id: 'l1', jobId: before.id });
  assert.equal((await backups.reply('l1')).code, 'not_found');
  assert.equal(jobs.get(before.id).state, 'running');

  // The all-kinds feed may cancel it; it carries no log lines.
  app.sendJson({ type: 'cancel_job', id: 'c2', jobId: before.id });
  assert.equal((await app.reply('c2')).type, 'job');
  backups.sendJson({ type: 'cancel_job', id: 'c3', jobId: backup.id });
  await backups.next((m) => m.type === 'job' && (m.job as { id: string; state: string }).id === backup.id && (m.job as { state: string }).state === 'cancelled');
  await jobs.finished(before.id);
  assert.equal(app.messages.some((m) => m.type === 'job_log'), false);
  assert.equal(backups.messages.some((m) => m.type === 'job' && (m.job as { kind: string }).kind === 'import'), false);

  // The log is there on request too, after a given line.
  app.sendJson({ type: 'get_job_log', id: 'l2', jobId: backup.id, afterSeq: 1 });
  assert.deepEqual((await app.reply('l2')).lines, (jobs.logOf(backup.id, 1)));
  backups.close();
  app.close();
});
