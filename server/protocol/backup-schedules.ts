// Backup schedules: a cron expression per connection and kind, retention, an optional full
// verify after each run, and the run history. The preview ("At 02:00", the next five runs)
// is computed from the same libraries on both sides — croner for the times, cronstrue for
// the words. Isomorphic: no Node imports.
import { Cron } from 'croner';
import cronstrue from 'cronstrue';
import * as z from 'zod';
import { BackupId, BackupKind, TableName } from './backup-manifest.ts';

export const ScheduleId = z.string().regex(/^[\w-]{1,80}$/, 'Not a schedule id');

export interface CronPreview {
  /** e.g. "At 02:00, only on Monday". */
  description: string;
  /** ISO times of the next runs. */
  nextRuns: string[];
}

/** Words and next runs of a cron expression (5 fields, or 6 with seconds); throws saying what is wrong. */
export function previewCron(expression: string, count = 5, from: Date = new Date()): CronPreview {
  const cron = new Cron(expression, { paused: true });
  return {
    description: cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false }),
    nextRuns: cron.nextRuns(count, from).map((d) => d.toISOString()),
  };
}

export const CronExpression = z
  .string()
  .trim()
  .min(1, 'Give a cron expression, e.g. "0 2 * * *" (every day at 02:00)')
  .max(200)
  .superRefine((value, ctx) => {
    try {
      previewCron(value, 1);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const ScheduleInput = z.object({
  connectionId: z.string().min(1).max(200),
  kind: BackupKind.default('full'),
  tables: z.array(TableName).max(10_000).optional(),
  cron: CronExpression,
  /** Keep the newest N backups of this schedule… */
  keepLast: z.number().int().min(1).max(10_000).nullable().default(null),
  /** …and/or those younger than N days. Older ones beyond both go — never the connection's only verified backup. */
  keepDays: z.number().int().min(1).max(36_500).nullable().default(null),
  /** Restore each new backup into a scratch target and compare (full verify). */
  verify: z.boolean().default(false),
  enabled: z.boolean().default(true),
  /** A run missed while the app was closed runs once at the next start. */
  runMissed: z.boolean().default(true),
});
export type ScheduleInput = z.infer<typeof ScheduleInput>;

export const ScheduleRun = z.object({
  /** When the run was due (the cron time). */
  plannedAt: z.string(),
  startedAt: z.string(),
  /** Missed while the app was closed, run at the next start. */
  catchUp: z.boolean(),
  state: z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']),
  message: z.string(),
  backupId: BackupId.nullable(),
  /** Backups the retention rule deleted after this run. */
  deleted: z.number().int().nonnegative(),
});
export type ScheduleRun = z.infer<typeof ScheduleRun>;

export const BackupSchedule = ScheduleInput.extend({
  id: ScheduleId,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The cron time of the newest run started (missed-run detection). */
  lastPlannedAt: z.string().nullable(),
  /** Newest first, at most 50. */
  runs: z.array(ScheduleRun),
});
export type BackupSchedule = z.infer<typeof BackupSchedule>;

export const ScheduleView = BackupSchedule.extend({ description: z.string(), nextRuns: z.array(z.string()) });
export type ScheduleView = z.infer<typeof ScheduleView>;
