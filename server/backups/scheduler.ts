// Scheduled backups. Each enabled schedule is a croner job (no hand-written cron parsing);
// when it fires, a backup job is started through the service (so it queues behind any
// other job on the connection), optionally fully verified, then the schedule's retention
// rule is applied. Schedules and their run history live in <home>/backups/schedules.json
// (written atomically). A run missed while the app was closed runs once at the next start
// when the schedule says so.
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import * as z from 'zod';
import { NotFoundError } from '../errors.ts';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import type { JobManager } from '../jobs/job-manager.ts';
import { BackupSchedule, dialectOf, previewCron, type ScheduleInput, type ScheduleRun, type ScheduleView } from '../protocol/index.ts';
import { BadRequestError } from '../errors.ts';
import { expiredBackups } from './retention.ts';
import type { BackupService, ConnectionResolver } from './service.ts';

const MAX_RUNS = 50;
const SchedulesFile = z.object({ schedules: z.array(BackupSchedule) });

export interface SchedulerOptions {
  home: string;
  service: BackupService;
  jobs: JobManager;
  connections: ConnectionResolver;
  log: Logger;
}

export class BackupScheduler {
  readonly #file: string;
  readonly #options: SchedulerOptions;
  #schedules = new Map<string, BackupSchedule>();
  readonly #crons = new Map<string, Cron>();
  readonly #listeners = new Set<() => void>();
  #stopped = false;

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#file = join(options.home, 'backups', 'schedules.json');
    this.#schedules = new Map(this.#load().map((s) => [s.id, s]));
  }

  /** Arms every enabled schedule and runs, once, what was missed while the app was closed. */
  start(now = new Date()): void {
    // Written only when a run is marked interrupted: a start with nothing to record writes nothing.
    let interrupted = false;
    for (const schedule of this.#schedules.values()) {
      // A run recorded as running belongs to a server that stopped: its job was interrupted.
      const runs = schedule.runs.map((r): ScheduleRun => (r.state === 'running' ? { ...r, state: 'interrupted', message: 'The server stopped during this run.' } : r));
      interrupted ||= schedule.runs.some((r) => r.state === 'running');
      this.#put({ ...schedule, runs }, false);
      this.#arm(schedule.id);
      const missed = this.#missedRun(schedule, now);
      if (missed) {
        this.#options.log.info({ schedule: schedule.id, plannedAt: missed }, 'running a scheduled backup missed while the app was closed');
        void this.#run(schedule.id, missed, true);
      }
    }
    if (interrupted) this.#write();
  }

  stop(): void {
    this.#stopped = true;
    for (const cron of this.#crons.values()) cron.stop();
    this.#crons.clear();
  }

  list(): ScheduleView[] {
    return [...this.#schedules.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((s) => this.#view(s));
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  save(id: string | undefined, input: ScheduleInput): ScheduleView {
    const { target } = this.#options.connections.resolve(input.connectionId);
    const dialect = dialectOf(target.engine);
    if (!dialect.capabilities.backupKinds.includes(input.kind)) throw new BadRequestError(`${dialect.label} backups cannot be ${input.kind}.`);
    if (input.kind === 'tables' && !input.tables?.length) throw new BadRequestError('Choose at least one table.');
    const now = new Date().toISOString();
    const existing = id ? this.#get(id) : undefined;
    const schedule: BackupSchedule = {
      ...input,
      id: existing?.id ?? randomUUID(),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      // A changed expression starts afresh: what it would have run before now is not "missed".
      lastPlannedAt: existing && existing.cron === input.cron ? existing.lastPlannedAt : now,
      runs: existing?.runs ?? [],
    };
    this.#put(schedule);
    this.#arm(schedule.id);
    return this.#view(schedule);
  }

  remove(id: string): void {
    this.#get(id);
    this.#crons.get(id)?.stop();
    this.#crons.delete(id);
    this.#schedules.delete(id);
    this.#write();
    this.#changed();
  }

  /** Runs a schedule now, as its cron would (used by the cron and the missed-run check). */
  async #run(id: string, plannedAt: string, catchUp: boolean): Promise<void> {
    const schedule = this.#schedules.get(id);
    if (!schedule || this.#stopped) return;
    const { service, jobs, log } = this.#options;
    const run: ScheduleRun = { plannedAt, startedAt: new Date().toISOString(), catchUp, state: 'running', message: 'Backing up…', backupId: null, deleted: 0 };
    const record = (update: Partial<ScheduleRun>) => {
      const current = this.#schedules.get(id);
      if (!current) return;
      Object.assign(run, update);
      this.#put({ ...current, runs: [{ ...run }, ...current.runs.filter((r) => r.startedAt !== run.startedAt)].slice(0, MAX_RUNS) });
    };
    const current = this.#schedules.get(id)!;
    this.#put({ ...current, lastPlannedAt: plannedAt, runs: [{ ...run }, ...current.runs].slice(0, MAX_RUNS) });
    try {
      const started = service.startBackup({ connectionId: schedule.connectionId, kind: schedule.kind, tables: schedule.tables, scheduleId: id });
      const job = await jobs.finished(started.id);
      const backupId = (job.result?.data?.backupId as string | undefined) ?? null;
      if (job.state !== 'succeeded') return record({ state: job.state === 'running' || job.state === 'queued' ? 'failed' : job.state, message: job.error?.message ?? job.state, backupId });
      let message = job.result?.summary ?? 'Backed up';
      if (schedule.verify && backupId) {
        const verify = await jobs.finished(service.verify(backupId, 'full').id);
        message += verify.state === 'succeeded' ? '; full verify passed' : `; full verify ${verify.state}: ${verify.error?.message ?? ''}`;
        if (verify.state !== 'succeeded') return record({ state: 'failed', message, backupId });
      }
      const all = service.list(schedule.connectionId);
      const expired = expiredBackups(all.filter((b) => b.scheduleId === id), all, schedule);
      for (const backup of expired) service.delete(backup.id);
      record({ state: 'succeeded', message: expired.length ? `${message}; retention deleted ${expired.length}` : message, backupId, deleted: expired.length });
    } catch (error) {
      log.warn({ schedule: id, err: error }, 'scheduled backup failed');
      record({ state: 'failed', message: (error as Error).message });
    }
  }

  #missedRun(schedule: BackupSchedule, now: Date): string | null {
    if (!schedule.enabled || !schedule.runMissed) return null;
    const [previous] = new Cron(schedule.cron, { paused: true }).previousRuns(1, now);
    if (!previous) return null;
    const since = schedule.lastPlannedAt ?? schedule.createdAt;
    return previous.getTime() > Date.parse(since) ? previous.toISOString() : null;
  }

  #arm(id: string): void {
    this.#crons.get(id)?.stop();
    this.#crons.delete(id);
    const schedule = this.#schedules.get(id);
    if (!schedule?.enabled || this.#stopped) return;
    // protect: a run still going when the next one is due is not started twice.
    const cron = new Cron(schedule.cron, { protect: true, name: `backup-${id}` }, async (self: Cron) => {
      const planned = self.currentRun() ?? new Date();
      await this.#run(id, planned.toISOString(), false);
    });
    this.#crons.set(id, cron);
  }

  #get(id: string): BackupSchedule {
    const schedule = this.#schedules.get(id);
    if (!schedule) throw new NotFoundError(`No schedule ${id}.`);
    return schedule;
  }

  #put(schedule: BackupSchedule, persist = true): void {
    this.#schedules.set(schedule.id, schedule);
    if (!persist) return;
    this.#write();
    this.#changed();
  }

  #view(schedule: BackupSchedule): ScheduleView {
    const preview = previewCron(schedule.cron);
    return { ...schedule, description: preview.description, nextRuns: schedule.enabled ? preview.nextRuns : [] };
  }

  #load(): BackupSchedule[] {
    let text: string;
    try {
      text = readFileSync(this.#file, 'utf8');
    } catch {
      return [];
    }
    let parsed: z.ZodSafeParseResult<z.infer<typeof SchedulesFile>> | null = null;
    try {
      parsed = SchedulesFile.safeParse(JSON.parse(text));
    } catch {
      // not JSON: handled below
    }
    if (!parsed?.success) {
      // Kept aside, never overwritten: the schedules in it can be recovered by hand.
      const aside = `${this.#file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.#file, aside);
      this.#options.log.error({ file: this.#file, movedTo: aside }, 'backup schedules file could not be read; moved aside, starting without schedules');
      return [];
    }
    return parsed.data.schedules;
  }

  #write(): void {
    writeFileAtomicSync(this.#file, `${JSON.stringify({ schedules: [...this.#schedules.values()] }, null, 2)}\n`);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
