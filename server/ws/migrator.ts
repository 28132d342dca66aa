// /ws/migrator: a connection's migrations — status, history, new files, file edits,
// dirty-version resolution — and migrate / rollback / dry runs as jobs, whose steps
// (each migration and statement, with timings) stream as log lines to every open client,
// like the original's stdout lines and exit status. `changed` tells every client to read
// a connection's status again.
import type { JobManager } from '../jobs/job-manager.ts';
import type { MigrationService } from '../migrations/service.ts';
import { MigratorClientMessage, WS_PATHS, type MigratorServerMessage } from '../protocol/index.ts';
import { Endpoint, type EndpointContext } from './endpoint.ts';
import { isJobClientMessage, JobFeed } from './job-feed.ts';

export function createMigratorEndpoint(context: EndpointContext, jobs: JobManager, migrations: MigrationService) {
  const feed = new JobFeed(jobs, { kinds: ['migration'], logs: true });
  return new Endpoint<MigratorClientMessage, MigratorServerMessage>(
    {
      path: WS_PATHS.migrator,
      schema: MigratorClientMessage,
      onOpen(conn) {
        feed.open(conn);
        conn.onClose(migrations.subscribe((connectionId) => conn.send({ type: 'changed', connectionId })));
      },
      async onMessage(conn, message) {
        if (isJobClientMessage(message)) return feed.handle(conn, message);
        const { id, connectionId } = message;
        switch (message.type) {
          case 'status':
            return conn.send({ type: 'status', id, status: await migrations.status(connectionId) });
          case 'history':
            return conn.send({ type: 'history', id, connectionId, history: await migrations.history(connectionId) });
          case 'set_folder':
            migrations.setFolder(connectionId, message.folder);
            return conn.send({ type: 'status', id, status: await migrations.status(connectionId) });
          case 'new': {
            const pair = migrations.create(connectionId, { name: message.name, up: message.up, down: message.down });
            return conn.send({ type: 'created', id, connectionId, version: pair.version, upFile: pair.up!.file, downFile: pair.down!.file });
          }
          case 'read_file':
            return conn.send({ type: 'file', id, connectionId, file: message.file, text: migrations.readFile(connectionId, message.file) });
          case 'save_file':
            return conn.send({ type: 'saved', id, connectionId, file: message.file, sha256: migrations.saveFile(connectionId, message.file, message.text) });
          case 'migrate':
            return conn.send({ type: 'job', id, job: await migrations.start({ connectionId, direction: 'up', toVersion: message.toVersion }) });
          case 'rollback':
            return conn.send({ type: 'job', id, job: await migrations.start({ connectionId, direction: 'down', toVersion: message.toVersion, steps: message.steps }) });
          case 'dry_run':
            return conn.send({ type: 'job', id, job: await migrations.start({ connectionId, direction: message.direction, toVersion: message.toVersion, steps: message.steps, dryRun: true }) });
          case 'resolve':
            await migrations.resolve(connectionId, message.version, message.as);
            return conn.send({ type: 'status', id, status: await migrations.status(connectionId) });
        }
      },
    },
    context,
  );
}
