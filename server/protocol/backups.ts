// Backups, restores and schedules as the UI drives them over /ws/backups. Isomorphic: no
// Node imports.
import * as z from 'zod';
import { commonClientMessages, commonServerMessages, RequestId } from './envelope.ts';
import { jobClientMessages, jobServerMessages } from './jobs.ts';
import { BackupId, BackupKind, BackupManifest, RestoreTarget, TableName } from './backup-manifest.ts';
import { ScheduleId, ScheduleInput, ScheduleView } from './backup-schedules.ts';

// ── client → server ───────────────────────────────────────────────────────────────────
export const StartBackup = z.object({
  type: z.literal('start_backup'),
  id: RequestId,
  connectionId: z.string().min(1).max(200),
  kind: BackupKind.default('full'),
  tables: z.array(TableName).max(10_000).optional(),
}).refine((m) => m.kind !== 'tables' || (m.tables?.length ?? 0) > 0, { message: 'Choose at least one table', path: ['tables'] });
export const ListBackups = z.object({ type: z.literal('list_backups'), id: RequestId, connectionId: z.string().min(1).max(200).optional() });
export const DeleteBackup = z.object({ type: z.literal('delete_backup'), id: RequestId, backupId: BackupId });
export const VerifyBackup = z.object({ type: z.literal('verify_backup'), id: RequestId, backupId: BackupId, level: z.enum(['quick', 'full']).default('full') });
export const RestoreBackup = z.object({
  type: z.literal('restore_backup'),
  id: RequestId,
  backupId: BackupId,
  target: RestoreTarget,
  /** PostgreSQL: drop the objects before creating them (`pg_restore --clean --if-exists`). */
  clean: z.boolean().default(false),
  /** Restoring over a database that holds tables needs its name typed here. */
  confirmName: z.string().max(4096).optional(),
});

/** Creates a schedule, or replaces the one named by `scheduleId`; answered with `schedules`. */
export const SaveSchedule = z.object({ type: z.literal('save_schedule'), id: RequestId, scheduleId: ScheduleId.optional(), schedule: ScheduleInput });
export const DeleteSchedule = z.object({ type: z.literal('delete_schedule'), id: RequestId, scheduleId: ScheduleId });

export const BackupsClientMessage = z.discriminatedUnion('type', [
  ...commonClientMessages,
  ...jobClientMessages,
  StartBackup,
  ListBackups,
  DeleteBackup,
  VerifyBackup,
  RestoreBackup,
  SaveSchedule,
  DeleteSchedule,
]);
export type BackupsClientMessage = z.infer<typeof BackupsClientMessage>;

// ── server → client ───────────────────────────────────────────────────────────────────
/** The complete backups (of one connection, or all), newest first; on open and on list_backups. */
export const BackupsList = z.object({ type: z.literal('backups'), id: RequestId.optional(), backups: z.array(BackupManifest) });
/** A backup appeared or changed (verified…), pushed to every client. */
export const BackupChanged = z.object({ type: z.literal('backup'), backup: BackupManifest });
/** A backup was deleted; answers delete_backup (with its id) and is pushed to every client. */
export const BackupDeleted = z.object({ type: z.literal('backup_deleted'), id: RequestId.optional(), backupId: BackupId });

/** Every schedule with its preview and run history: on open, after each change, and as the answer to save/delete. */
export const SchedulesList = z.object({ type: z.literal('schedules'), id: RequestId.optional(), schedules: z.array(ScheduleView) });

export const BackupsServerMessage = z.discriminatedUnion('type', [
  ...commonServerMessages,
  ...jobServerMessages,
  BackupsList,
  BackupChanged,
  BackupDeleted,
  SchedulesList,
]);
export type BackupsServerMessage = z.infer<typeof BackupsServerMessage>;
