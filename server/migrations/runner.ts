// Applies and undoes migrations on one QuerySession: each migration in its own
// transaction where the engine allows (a failure rolls it back and names file, statement
// and position), else statement by statement with its progress in the history table (a
// failure leaves the version dirty, saying what ran). A lock — the engine's, held for the
// run, or SQLite's BEGIN IMMEDIATE per migration — keeps two runners from applying at
// once; each migration is checked again under the lock, so none is applied twice.
import { setTimeout as sleep } from 'node:timers/promises';
import type { QuerySession } from '../db/driver.ts';
import { AppError } from '../errors.ts';
import { JobCancelledError } from '../jobs/errors.ts';
import { splitStatements, type Dialect, type MigrationStatusRow, type StatementSpan } from '../protocol/index.ts';
import type { EngineMigrations } from './engine.ts';
import { MigrationFailedError, statementFailure } from './failure.ts';
import { readMigrationFile, sha256 } from './files.ts';
import { History } from './history.ts';

export interface RunnerOutput {
  readonly signal: AbortSignal;
  log(text: string, level?: 'info' | 'warn' | 'error'): void;
  /** Statements done of the run's total. */
  progress(done: number, total: number): void;
}

export interface StepReport {
  version: string;
  file: string;
  statement: number;
  affectedRows: number | null;
  rowCount: number;
  ms: number;
}

export interface RunnerOptions {
  session: QuerySession;
  engine: EngineMigrations;
  dialect: Dialect;
  folder: string;
  out: RunnerOutput;
  /** How long to wait for another runner's lock before refusing (default 30 s). */
  lockWaitMs?: number;
}

/** A statement of a migration failed; everything a user needs to find it. */
export interface Loaded {
  row: MigrationStatusRow;
  file: string;
  text: string;
  statements: StatementSpan[];
  /** Why it runs without a transaction, or null. */
  outside: string | null;
}

export class MigrationRunner {
  readonly #o: RunnerOptions;
  readonly history: History;
  readonly steps: StepReport[] = [];
  #done = 0;
  #total = 0;

  constructor(options: RunnerOptions) {
    this.#o = options;
    this.history = new History(options.session, options.engine);
  }

  load(row: MigrationStatusRow, direction: 'up' | 'down'): Loaded {
    const file = (direction === 'up' ? row.upFile : row.downFile)!;
    const text = readMigrationFile(this.#o.folder, file);
    const statements = splitStatements(this.#o.dialect, text);
    const outside = statements.map((s) => this.#o.engine.outsideTransaction(s.text)).find((reason) => reason !== null) ?? null;
    return { row, file, text, statements, outside };
  }

  /**
   * Holds the engine's run lock (waiting for another runner's, up to lockWaitMs) while
   * `work` plans and runs. The plan must be made in here: a runner that read the history
   * before the lock could see the other's migration half-applied (dirty while it runs
   * without a transaction) and refuse, or plan what the other is applying.
   */
  async underRunLock<T>(work: () => Promise<T>): Promise<T> {
    const { lock } = this.#o.engine;
    if (!lock) return work();
    await this.#waitFor(() => lock.tryTake(this.#o.session), `the migrations lock (${lock.describe}), held by another runner`);
    try {
      return await work();
    } finally {
      await lock.release(this.#o.session).catch(() => {});
    }
  }

  /** Runs the plan (from status.ts) in its order, under underRunLock. Returns the versions done. */
  async run(plan: MigrationStatusRow[], direction: 'up' | 'down'): Promise<string[]> {
    const loaded = plan.map((row) => this.load(row, direction));
    this.#total = loaded.reduce((n, m) => n + m.statements.length, 0);
    const done: string[] = [];
    await this.#retryBusy(() => this.history.ensure());
    for (const migration of loaded) {
      this.#checkCancel();
      if (await this.#one(migration, direction)) done.push(migration.row.version);
    }
    return done;
  }

  /**
   * Rehearses the plan inside one transaction and rolls it back, reporting each
   * statement's rows. A migration that must run outside a transaction ends the rehearsal
   * there (it cannot be rolled back). Called under underRunLock.
   */
  async rehearse(plan: MigrationStatusRow[], direction: 'up' | 'down'): Promise<void> {
    const { out, engine } = this.#o;
    const loaded = plan.map((row) => this.load(row, direction));
    this.#total = loaded.reduce((n, m) => n + m.statements.length, 0);
    await this.#begin();
    try {
      await this.history.ensure();
      for (const migration of loaded) {
        if (migration.outside) {
          out.log(`${migration.file}: not rehearsed — ${migration.outside}; it and what follows would run for real only.`, 'warn');
          break;
        }
        out.log(`→ ${migration.file} (${migration.statements.length} statement${migration.statements.length === 1 ? '' : 's'})`);
        await this.#statements(migration, () => Promise.resolve());
        if (direction === 'up') await this.history.insert({ version: migration.row.version, name: migration.row.name, checksum: sha256(migration.text), durationMs: 0, dirty: false, statementsDone: migration.statements.length });
        else await this.history.remove(migration.row.version);
      }
    } finally {
      await this.#rollback();
    }
    out.log(`Dry run over: everything was rolled back (${engine.begin} … ROLLBACK); the database is unchanged.`);
  }

  async #one(m: Loaded, direction: 'up' | 'down'): Promise<boolean> {
    const { out } = this.#o;
    const started = performance.now();
    const version = m.row.version;
    if (!m.outside) {
      await this.#begin();
      try {
        if (await this.#doneMeanwhile(m, direction)) {
          await this.#rollback();
          return false;
        }
        out.log(`→ ${m.file} (${m.statements.length} statement${m.statements.length === 1 ? '' : 's'}, in a transaction)`);
        await this.#statements(m, () => Promise.resolve());
        if (direction === 'up') await this.history.insert({ version, name: m.row.name, checksum: sha256(m.text), durationMs: performance.now() - started, dirty: false, statementsDone: m.statements.length });
        else await this.history.remove(version);
        this.#checkCancel();
        await this.#exec('COMMIT');
      } catch (error) {
        await this.#rollback();
        if (error instanceof MigrationFailedError) out.log(`✗ ${error.message}`, 'error');
        else if (error instanceof JobCancelledError) out.log(`Cancelled: ${m.file} was rolled back; nothing of it remains.`, 'warn');
        throw error;
      }
    } else {
      if (await this.#doneMeanwhile(m, direction)) return false;
      out.log(`→ ${m.file} (${m.statements.length} statement${m.statements.length === 1 ? '' : 's'}, without a transaction: ${m.outside}; progress recorded per statement)`);
      if (direction === 'up') await this.history.insert({ version, name: m.row.name, checksum: sha256(m.text), durationMs: 0, dirty: true, statementsDone: 0 });
      else await this.history.update(version, { dirty: true, direction: 'down', statementsDone: 0 });
      try {
        await this.#statements(m, (count) => this.history.update(version, { statementsDone: count }));
      } catch (error) {
        if (error instanceof MigrationFailedError) out.log(`✗ ${error.message}`, 'error');
        if (error instanceof JobCancelledError) out.log(`Cancelled between statements: version ${version} is left dirty; resolve it once the database is fixed.`, 'warn');
        throw error;
      }
      if (direction === 'up') await this.history.update(version, { dirty: false, durationMs: performance.now() - started });
      else await this.history.remove(version);
    }
    out.log(`✓ ${direction === 'up' ? 'applied' : 'rolled back'} ${version} ${m.row.name} in ${Math.round(performance.now() - started)} ms`);
    return true;
  }

  /** Another runner applied (or undid) it while this one waited for the lock. */
  async #doneMeanwhile(m: Loaded, direction: 'up' | 'down'): Promise<boolean> {
    const row = await this.history.row(m.row.version);
    if (row?.dirty) throw new AppError('dirty', `Version ${m.row.version} became dirty in another runner; stopped.`, 409);
    const meanwhile = direction === 'up' ? row !== undefined : row === undefined;
    if (meanwhile) this.#o.out.log(`${m.file}: already ${direction === 'up' ? 'applied' : 'rolled back'} by another runner; skipped.`, 'warn');
    return meanwhile;
  }

  async #statements(m: Loaded, afterEach: (count: number) => Promise<void>): Promise<void> {
    const { out } = this.#o;
    for (let i = 0; i < m.statements.length; i++) {
      this.#checkCancel();
      const statement = m.statements[i]!;
      const started = performance.now();
      let result;
      try {
        result = await this.#runStatement(statement.text);
      } catch (error) {
        if (this.#o.out.signal.aborted) throw new JobCancelledError();
        throw statementFailure(m, i, error);
      }
      const ms = Math.round(performance.now() - started);
      this.steps.push({ version: m.row.version, file: m.file, statement: i + 1, affectedRows: result.affectedRows, rowCount: result.rowCount, ms });
      const rows = result.affectedRows !== null ? `, ${result.affectedRows} row${result.affectedRows === 1 ? '' : 's'} affected` : result.rowCount ? `, ${result.rowCount} rows` : '';
      out.log(`  [${i + 1}/${m.statements.length}] ${firstLine(statement.text)} — ${ms} ms${rows}`);
      await afterEach(i + 1);
      out.progress(++this.#done, this.#total);
    }
  }

  async #runStatement(sql: string): Promise<{ affectedRows: number | null; rowCount: number }> {
    let affectedRows: number | null = null;
    let rowCount = 0;
    for await (const event of this.#o.session.run(sql, { batchSize: 1000 })) {
      if (event.kind === 'done') ({ affectedRows, rowCount } = event);
    }
    return { affectedRows, rowCount };
  }

  #checkCancel(): void {
    if (this.#o.out.signal.aborted) throw new JobCancelledError();
  }

  async #exec(sql: string): Promise<void> {
    await this.#runStatement(sql);
  }

  async #rollback(): Promise<void> {
    // The transaction may be gone already (a SQLite session restarted by a cancel).
    await this.#exec('ROLLBACK').catch(() => {});
  }

  /** Starts a transaction; SQLite's BEGIN IMMEDIATE waits here while another runner writes. */
  async #begin(): Promise<void> {
    const { engine } = this.#o;
    await this.#waitFor(
      async () => {
        try {
          await this.#exec(engine.begin);
          return true;
        } catch (error) {
          if (engine.isBusy(error)) return false;
          throw error;
        }
      },
      'the database write lock (another runner is writing)',
    );
  }

  async #retryBusy(work: () => Promise<void>): Promise<void> {
    await this.#waitFor(async () => {
      try {
        await work();
        return true;
      } catch (error) {
        if (this.#o.engine.isBusy(error)) return false;
        throw error;
      }
    }, 'the database write lock (another runner is writing)');
  }

  /** Polls `take` until it succeeds; past the wait, refuses with `locked`, saying so. */
  async #waitFor(take: () => Promise<boolean>, what: string): Promise<void> {
    const waitMs = this.#o.lockWaitMs ?? 30_000;
    const started = Date.now();
    let told = false;
    while (!(await take())) {
      if (Date.now() - started >= waitMs) {
        throw new AppError('locked', `Refused: waited ${Math.round(waitMs / 1000)} s for ${what}. Another runner is applying migrations to this database; try again when it has finished.`, 409);
      }
      if (!told) this.#o.out.log(`Waiting up to ${Math.round(waitMs / 1000)} s for ${what}…`, 'warn');
      told = true;
      await sleep(200, undefined, { signal: this.#o.out.signal }).catch(() => {
        throw new JobCancelledError();
      });
    }
    if (told) this.#o.out.log(`Got ${what.replace(/,.*| \(another.*/, '')} after ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0]!.trim();
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}
