// The Migrations feature's one entry point: status, history, new files, file edits and
// dirty-version resolution answer at once; migrate, rollback and dry runs are jobs
// (server/jobs/: progress, cancel, outcome, log lines streamed to every window). A
// request that cannot run (dirty version, no down file, unknown version) is refused
// before a job exists — unless the dirty version is one another runner is applying.
import type { Driver, QuerySession } from '../db/driver.ts';
import { AppError } from '../errors.ts';
import type { JobContext } from '../jobs/job.ts';
import type { JobManager } from '../jobs/job-manager.ts';
import { dialectOf, type Engine, type JobSnapshot, type MigrationHistoryRow, type MigrationStatus, type MigrationStatusRow } from '../protocol/index.ts';
import type { EngineMigrations } from './engine.ts';
import { MIGRATION_ENGINES } from './engines.ts';
import { createMigration, listMigrations, readMigrationFile, saveMigrationFile, type MigrationPair } from './files.ts';
import type { MigrationFolders } from './folders.ts';
import { History } from './history.ts';
import { IdleSession } from './idle-session.ts';
import { MigrationRunner, type RunnerOutput } from './runner.ts';
import { DirtyError, migratePlan, rollbackPlan, statusRows } from './status.ts';

/** The part of the connection manager migrations use. */
export interface MigrationConnections {
  driver(id: string): Promise<Driver>;
  resolve(id: string): { name: string };
}

export interface MigrationServiceOptions {
  folders: MigrationFolders;
  jobs: JobManager;
  connections: MigrationConnections;
  engines?: Record<Engine, EngineMigrations>;
  /** How long a run waits for another runner's lock before it is refused (default 30 s). */
  lockWaitMs?: number;
}

export type Direction = 'up' | 'down';
export interface RunRequest {
  connectionId: string;
  direction: Direction;
  toVersion?: string | undefined;
  steps?: number | undefined;
  dryRun?: boolean;
}

export class MigrationService {
  readonly #o: MigrationServiceOptions;
  readonly #listeners = new Set<(connectionId: string) => void>();
  readonly #idle = new Map<string, IdleSession>();

  constructor(options: MigrationServiceOptions) {
    this.#o = options;
  }

  /** Called with a connection's id when its files or history changed. */
  subscribe(listener: (connectionId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  folder(connectionId: string): string {
    this.#o.connections.resolve(connectionId);
    return this.#o.folders.folderOf(connectionId);
  }

  async status(connectionId: string): Promise<MigrationStatus> {
    const folder = this.folder(connectionId);
    const files = listMigrations(folder);
    let history: MigrationHistoryRow[] = [];
    let historyTable = false;
    let databaseError: string | null = null;
    let engine: Engine | null = null;
    try {
      await this.#withIdleSession(connectionId, async (session, driver) => {
        engine = driver.dialect.engine;
        const table = new History(session, this.#engine(driver));
        historyTable = await table.exists();
        history = await table.rows();
      });
    } catch (error) {
      databaseError = (error as Error).message;
    }
    const rows = statusRows(files, history);
    const dialect = engine ? dialectOf(engine) : null;
    const rehearses = dialect?.capabilities.transactionalDdl ?? false;
    return {
      connectionId,
      folder,
      defaultFolder: this.#o.folders.isDefault(connectionId),
      historyTable,
      migrations: rows,
      dirtyVersion: rows.find((r) => r.state === 'dirty')?.version ?? null,
      rehearses,
      rehearsalNote: !dialect
        ? ''
        : rehearses
          ? `A dry run applies the migrations inside one transaction and rolls it back (${dialect.label} DDL is transactional).`
          : `${dialect.label} commits DDL at once (implicit commit), so a dry run cannot rehearse: it prints the plan, statement by statement.`,
      databaseError,
    };
  }

  async history(connectionId: string): Promise<MigrationHistoryRow[]> {
    return this.#withIdleSession(connectionId, (session, driver) => new History(session, this.#engine(driver)).rows());
  }

  setFolder(connectionId: string, folder: string | null): void {
    this.#o.connections.resolve(connectionId);
    this.#o.folders.choose(connectionId, folder);
    this.#changed(connectionId);
  }

  create(connectionId: string, input: { name: string; up?: string | undefined; down?: string | undefined; version?: string | undefined }): MigrationPair {
    const pair = createMigration(this.folder(connectionId), {
      name: input.name,
      ...(input.version !== undefined ? { version: input.version } : {}),
      ...(input.up !== undefined ? { up: input.up } : {}),
      ...(input.down !== undefined ? { down: input.down } : {}),
    });
    this.#changed(connectionId);
    return pair;
  }

  readFile(connectionId: string, file: string): string {
    return readMigrationFile(this.folder(connectionId), file);
  }

  saveFile(connectionId: string, file: string, text: string): string {
    const saved = saveMigrationFile(this.folder(connectionId), file, text);
    this.#changed(connectionId);
    return saved.sha256;
  }

  /** Clears a dirty version once the user fixed the database: keep it as applied, or forget it. */
  async resolve(connectionId: string, version: string, as: 'applied' | 'not_applied'): Promise<void> {
    await this.#withIdleSession(connectionId, async (session, driver) => {
      const history = new History(session, this.#engine(driver));
      const row = await history.row(String(BigInt(version)));
      if (!row) throw new AppError('not_found', `Version ${version} is not in the history table.`, 404);
      if (as === 'applied') await history.update(row.version, { dirty: false, direction: 'up' });
      else await history.remove(row.version);
    });
    this.#changed(connectionId);
  }

  /** Migrate, rollback or their dry run, as a job. Checked first: a plan that cannot run is refused here. */
  async start(request: RunRequest): Promise<JobSnapshot> {
    const { name } = this.#o.connections.resolve(request.connectionId);
    const status = await this.status(request.connectionId);
    if (status.databaseError) throw new AppError('connect_failed', status.databaseError, 502);
    let plan: MigrationStatusRow[] = [];
    try {
      plan = this.#plan(status.migrations, request);
    } catch (error) {
      // A version another runner is applying without a transaction reads as dirty until it
      // finishes: while that runner holds the lock, queue behind it (the job plans again
      // under the lock) instead of refusing.
      if (!(error instanceof DirtyError && (await this.#lockedElsewhere(request.connectionId)))) throw error;
    }
    const what = request.direction === 'up' ? (request.toVersion ? `Migrate ${name} to ${request.toVersion}` : `Migrate ${name}`) : `Roll back ${name}${request.toVersion ? ` to ${request.toVersion}` : ` ${request.steps ?? 1} step${(request.steps ?? 1) === 1 ? '' : 's'}`}`;
    return this.#o.jobs.submit({
      kind: 'migration',
      title: `${request.dryRun ? 'Dry run: ' : ''}${what}${plan.length ? '' : ' (nothing to do)'}`,
      connectionId: request.connectionId,
      run: (job) => this.#run(job, request),
    });
  }

  #plan(rows: MigrationStatusRow[], request: RunRequest): MigrationStatusRow[] {
    return request.direction === 'up' ? migratePlan(rows, request.toVersion) : rollbackPlan(rows, { steps: request.steps, toVersion: request.toVersion });
  }

  async #run(job: JobContext, request: RunRequest) {
    const out: RunnerOutput = {
      signal: job.signal,
      log: (text, level) => job.log(text, level),
      progress: (done, total) => job.progress({ phase: request.dryRun ? 'rehearsing' : 'running', done, total, unit: 'statements' }),
    };
    try {
      return await this.#withSession(request.connectionId, async (session, driver) => {
        job.onCancel(() => session.cancel());
        const folder = this.folder(request.connectionId);
        const runner = new MigrationRunner({ session, engine: this.#engine(driver), dialect: driver.dialect, folder, out, ...(this.#o.lockWaitMs !== undefined ? { lockWaitMs: this.#o.lockWaitMs } : {}) });
        return runner.underRunLock(async () => {
          // Planned again, under the lock: the state may have changed while the job waited.
          const plan = this.#plan(statusRows(listMigrations(folder), await runner.history.rows()), request);
          const verb = request.direction === 'up' ? 'apply' : 'roll back';
          job.log(plan.length ? `Plan: ${verb} ${plan.map((r) => r.version).join(', ')} (folder ${folder})` : 'Nothing to do: the database is up to date with the folder.');
          if (request.dryRun) {
            if (driver.dialect.capabilities.transactionalDdl) await runner.rehearse(plan, request.direction);
            else printPlan(runner, plan, request.direction, job, driver.dialect.label);
            return { summary: `Dry run of ${plan.length} migration${plan.length === 1 ? '' : 's'}; nothing changed`, data: { versions: plan.map((r) => r.version), steps: runner.steps } };
          }
          const done = await runner.run(plan, request.direction);
          const summary = `${request.direction === 'up' ? 'Applied' : 'Rolled back'} ${done.length} migration${done.length === 1 ? '' : 's'}${done.length ? `: ${done.join(', ')}` : ''}`;
          job.log(summary);
          return { summary, data: { versions: done, steps: runner.steps } };
        });
      });
    } finally {
      this.#changed(request.connectionId);
    }
  }

  async #withSession<T>(connectionId: string, work: (session: QuerySession, driver: Driver) => Promise<T>): Promise<T> {
    const driver = await this.#o.connections.driver(connectionId);
    const session = await driver.openSession();
    try {
      return await work(session, driver);
    } finally {
      await session.close().catch(() => {});
    }
  }

  /** True while another session holds the connection's migrations lock (a runner is at work). */
  async #lockedElsewhere(connectionId: string): Promise<boolean> {
    return this.#withIdleSession(connectionId, async (session, driver) => {
      const { lock } = this.#engine(driver);
      if (!lock || !(await lock.tryTake(session))) return lock !== null;
      await lock.release(session);
      return false;
    });
  }

  /** The connection's shared session for quick reads and writes of the history table. */
  async #withIdleSession<T>(connectionId: string, work: (session: QuerySession, driver: Driver) => Promise<T>): Promise<T> {
    const driver = await this.#o.connections.driver(connectionId);
    let idle = this.#idle.get(connectionId);
    if (!idle) this.#idle.set(connectionId, (idle = new IdleSession()));
    return idle.use(driver, (session) => work(session, driver));
  }

  /** Closes the shared sessions (server shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.#idle.values()].map((idle) => idle.close()));
    this.#idle.clear();
  }

  #engine(driver: Driver): EngineMigrations {
    return (this.#o.engines ?? MIGRATION_ENGINES)[driver.dialect.engine];
  }

  #changed(connectionId: string): void {
    for (const listener of this.#listeners) listener(connectionId);
  }
}

/** MySQL's dry run: the plan, statement by statement, and why it cannot rehearse. */
function printPlan(runner: MigrationRunner, plan: MigrationStatusRow[], direction: Direction, job: JobContext, label: string): void {
  job.log(`${label} commits DDL at once (implicit commit), so nothing can be rehearsed and rolled back; this is the plan.`, 'warn');
  for (const row of plan) {
    const loaded = runner.load(row, direction);
    job.log(`→ ${loaded.file} (${loaded.statements.length} statement${loaded.statements.length === 1 ? '' : 's'}, without a transaction)`);
    loaded.statements.forEach((s, i) => job.log(`  [${i + 1}/${loaded.statements.length}] ${s.text.trim().split('\n')[0]}`));
  }
}
