// /ws/backups: start, verify, restore and delete backups, and edit their schedules; the job feed of the backup,
// restore and verify kinds (with log lines live), and every change to the backups and the
// schedules, pushed to every open client.
import type { BackupScheduler } from '../backups/scheduler.ts';
import type { BackupService } from '../backups/service.ts';
import type { JobManager } from '../jobs/job-manager.ts';
import { BackupsClientMessage, WS_PATHS, type BackupsServerMessage } from '../protocol/index.ts';
import { Endpoint, type EndpointContext } from './endpoint.ts';
import { isJobClientMessage, JobFeed } from './job-feed.ts';

export function createBackupsEndpoint(context: EndpointContext, jobs: JobManager, backups: BackupService, scheduler: BackupScheduler) {
  const feed = new JobFeed(jobs, { kinds: ['backup', 'restore', 'verify'], logs: true });
  return new Endpoint<BackupsClientMessage, BackupsServerMessage>(
    {
      path: WS_PATHS.backups,
      schema: BackupsClientMessage,
      onOpen(conn) {
        feed.open(conn);
        conn.send({ type: 'backups', backups: backups.list() });
        conn.send({ type: 'schedules', schedules: scheduler.list() });
        conn.onClose(
          backups.subscribe((event) => conn.send(event.type === 'changed' ? { type: 'backup', backup: event.backup } : { type: 'backup_deleted', backupId: event.backupId })),
        );
        conn.onClose(scheduler.subscribe(() => conn.send({ type: 'schedules', schedules: scheduler.list() })));
      },
      async onMessage(conn, message) {
        if (isJobClientMessage(message)) return feed.handle(conn, message);
        switch (message.type) {
          case 'start_backup':
            return conn.send({ type: 'job', id: message.id, job: backups.startBackup(message) });
          case 'list_backups':
            return conn.send({ type: 'backups', id: message.id, backups: backups.list(message.connectionId) });
          case 'verify_backup':
            return conn.send({ type: 'job', id: message.id, job: backups.verify(message.backupId, message.level) });
          case 'restore_backup':
            return conn.send({ type: 'job', id: message.id, job: await backups.restore(message) });
          case 'delete_backup':
            backups.delete(message.backupId);
            return conn.send({ type: 'backup_deleted', id: message.id, backupId: message.backupId });
          case 'save_schedule':
            scheduler.save(message.scheduleId, message.schedule);
            return conn.send({ type: 'schedules', id: message.id, schedules: scheduler.list() });
          case 'delete_schedule':
            scheduler.remove(message.scheduleId);
            return conn.send({ type: 'schedules', id: message.id, schedules: scheduler.list() });
        }
      },
    },
    context,
  );
}
