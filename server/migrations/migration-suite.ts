// The migrations suite, run against each engine's real database (sqlite.test.ts,
// postgres.test.ts, mariadb.test.ts): migrate, rollback, status, dry run, a checksum
// change, a failure mid-file (rolled back, or left dirty where DDL commits), cancel, and
// two runners at once (one waits or is refused, none applies twice).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { ConnectTarget, Driver } from '../db/driver.ts';
import { connect } from '../db/index.ts';
import { JobManager } from '../jobs/job-manager.ts';
import type { JobSnapshot } from '../protocol/index.ts';
import { runSql } from './engine.ts';
import { MIGRATION_ENGINES } from './engines.ts';
import { MigrationFolders } from './folders.ts';
import { MigrationService } from './service.ts';

export interface MigrationFixture {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A fresh, empty database for one test. */
  freshTarget(): Promise<ConnectTarget>;
  /** A statement that takes about a second. */
  slowSql: string;
  /** DDL commits at once: a failure leaves the version dirty instead of rolling it back. */
  dirtyOnFailure: boolean;
  /** Column type for text in CREATE TABLE. */
  textType: string;
  /** A statement the engine refuses inside a transaction (PostgreSQL: CREATE INDEX CONCURRENTLY on table `items`), where there is one. */
  outsideTransactionSql?: string;
}

const log = pino({ level: 'silent' });

export function migrationSuite(fixture: MigrationFixture): void {
  describe(`migrations on ${fixture.name}`, () => {
    let home: string;
    const drivers: Driver[] = [];
    const targets = new Map<string, ConnectTarget>();
    const managers: JobManager[] = [];

    before(() => fixture.setup());
    after(async () => {
      for (const jobs of managers) jobs.stop();
      for (const driver of drivers) await driver.close();
      await fixture.teardown();
      rmSync(home, { recursive: true, force: true });
    });

    /** A service of its own (its own job queue: a second one is a second runner, like a CI job). */
    function service(lockWaitMs?: number) {
      home ??= mkdtempSync(join(tmpdir(), 'dbt-migrations-'));
      const jobs = new JobManager({ log });
      managers.push(jobs);
      const cache = new Map<string, Promise<Driver>>();
      const connections = {
        resolve: (id: string) => (targets.has(id) ? { name: id } : assert.fail(`no connection ${id}`)),
        driver: (id: string) => {
          let driver = cache.get(id);
          if (!driver) {
            driver = connect(targets.get(id)!).then((d) => (drivers.push(d), d));
            cache.set(id, driver);
          }
          return driver;
        },
      };
      const migrations = new MigrationService({ folders: new MigrationFolders(home), jobs, connections, ...(lockWaitMs !== undefined ? { lockWaitMs } : {}) });
      return { migrations, jobs, connections };
    }

    async function database(id: string) {
      targets.set(id, await fixture.freshTarget());
      const s = service();
      const folder = s.migrations.folder(id);
      const query = async (sql: string) => runSql(await s.connections.driver(id).then((d) => d.openSession()), sql);
      const count = async (table: string): Promise<number | null> => {
        const driver = await s.connections.driver(id);
        const session = await driver.openSession();
        try {
          return Number((await runSql(session, `SELECT count(*) FROM ${table}`)).rows[0]![0]);
        } catch {
          return null;
        } finally {
          await session.close();
        }
      };
      const run = async (request: Parameters<MigrationService['start']>[0], via = s) => {
        const job = await via.migrations.start(request);
        const final = await via.jobs.finished(job.id);
        return { job: final, log: via.jobs.logOf(final.id).map((l) => l.text).join('\n') };
      };
      const states = async () => (await s.migrations.status(id)).migrations.map((m) => `${m.version}:${m.state}`);
      return { ...s, folder, query, count, run, states };
    }

    const T = fixture.textType;
    const basics = (migrations: MigrationService, id: string) => {
      migrations.create(id, { version: '000001', name: 'create users', up: `CREATE TABLE users (id INTEGER PRIMARY KEY, name ${T} NOT NULL);\n`, down: 'DROP TABLE users;\n' });
      migrations.create(id, { name: 'seed users', up: "INSERT INTO users (id, name) VALUES (1, 'Ada');\nINSERT INTO users (id, name) VALUES (2, 'Grace');\n", down: 'DELETE FROM users;\n' });
      migrations.create(id, { name: 'create teams', up: `CREATE TABLE teams (id INTEGER PRIMARY KEY, title ${T});\n`, down: 'DROP TABLE teams;\n' });
    };

    test('status, migrate all, rollback by steps and to a version, migrate to a version, history', async () => {
      const db = await database('basic');
      let status = await db.migrations.status('basic');
      assert.equal(status.historyTable, false);
      assert.deepEqual(status.migrations, []);
      basics(db.migrations, 'basic');
      assert.deepEqual(await db.states(), ['1:pending', '2:pending', '3:pending']);

      const up = await db.run({ connectionId: 'basic', direction: 'up' });
      assert.equal(up.job.state, 'succeeded', up.job.error?.message);
      assert.equal(up.job.result?.summary, 'Applied 3 migrations: 1, 2, 3');
      assert.match(up.log, /→ 000001_create_users\.up\.sql/);
      assert.match(up.log, /\[2\/2\] INSERT INTO users .* — \d+ ms, 1 row affected/);
      assert.match(up.log, /✓ applied 3 create_teams/);
      assert.deepEqual(await db.states(), ['1:applied', '2:applied', '3:applied']);
      assert.equal(await db.count('users'), 2);
      status = await db.migrations.status('basic');
      assert.equal(status.historyTable, true);
      assert.ok(status.migrations.every((m) => m.appliedAt && m.appliedChecksum === m.fileChecksum));

      const back = await db.run({ connectionId: 'basic', direction: 'down' });
      assert.equal(back.job.result?.summary, 'Rolled back 1 migration: 3');
      assert.equal(await db.count('teams'), null);
      assert.deepEqual(await db.states(), ['1:applied', '2:applied', '3:pending']);

      const toZero = await db.run({ connectionId: 'basic', direction: 'down', toVersion: '0' });
      assert.equal(toZero.job.result?.summary, 'Rolled back 2 migrations: 2, 1');
      assert.equal(await db.count('users'), null);

      const toTwo = await db.run({ connectionId: 'basic', direction: 'up', toVersion: '2' });
      assert.equal(toTwo.job.result?.summary, 'Applied 2 migrations: 1, 2');
      assert.deepEqual(await db.states(), ['1:applied', '2:applied', '3:pending']);
      const history = await db.migrations.history('basic');
      assert.deepEqual(history.map((h) => [h.version, h.name, h.dirty, h.statementsDone]), [['1', 'create_users', false, 1], ['2', 'seed_users', false, 2]]);

      await assert.rejects(db.migrations.start({ connectionId: 'basic', direction: 'up', toVersion: '9' }), /no migration with version 9/);
    });

    test('dry run: rehearsed and rolled back where DDL is transactional, else the plan and why', async () => {
      const db = await database('dry');
      basics(db.migrations, 'dry');
      const dry = await db.run({ connectionId: 'dry', direction: 'up', dryRun: true });
      assert.equal(dry.job.state, 'succeeded', dry.job.error?.message);
      assert.equal(dry.job.result?.summary, 'Dry run of 3 migrations; nothing changed');
      assert.deepEqual(await db.states(), ['1:pending', '2:pending', '3:pending']);
      assert.equal(await db.count('users'), null);
      const steps = dry.job.result?.data?.steps as { file: string; statement: number; affectedRows: number | null }[];
      if (fixture.dirtyOnFailure) {
        assert.match(dry.log, /commits DDL at once.*this is the plan/);
        assert.match(dry.log, /\[1\/2\] INSERT INTO users/);
        assert.deepEqual(steps, []);
      } else {
        assert.deepEqual(steps.filter((s) => s.file.includes('seed')).map((s) => s.affectedRows), [1, 1]);
        assert.match(dry.log, /Dry run over: everything was rolled back/);
        assert.equal((await db.migrations.status('dry')).historyTable, false, 'the history table creation was rolled back too');
      }
    });

    test('an applied file edited afterwards shows as changed; a deleted one as missing', async () => {
      const db = await database('sums');
      basics(db.migrations, 'sums');
      await db.run({ connectionId: 'sums', direction: 'up' });
      db.migrations.saveFile('sums', '000002_seed_users.up.sql', "INSERT INTO users (id, name) VALUES (1, 'Ada!');\n");
      rmSync(join(db.folder, '000003_create_teams.up.sql'));
      assert.deepEqual(await db.states(), ['1:applied', '2:changed', '3:missing_file']);
      const changed = (await db.migrations.status('sums')).migrations[1]!;
      assert.notEqual(changed.appliedChecksum, changed.fileChecksum);
    });

    test('a statement failing mid-file: rolled back where DDL is transactional, else the version is left dirty and blocks', async () => {
      const db = await database('fail');
      basics(db.migrations, 'fail');
      db.migrations.create('fail', { name: 'broken', up: `CREATE TABLE audit (id INTEGER PRIMARY KEY);\n\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE never (id INTEGER);\n`, down: 'DROP TABLE audit;\n' });
      const run = await db.run({ connectionId: 'fail', direction: 'up' });
      assert.equal(run.job.state, 'failed');
      assert.equal(run.job.error?.code, 'migration_failed');
      assert.match(run.job.error!.message, /^000004_broken\.up\.sql, statement 2 of 3 \(line 3, column \d+\): .*no_such_table/);
      assert.match(run.log, /✗ 000004_broken\.up\.sql, statement 2 of 3/);
      assert.equal(await db.count('users'), 2, 'the migrations before it stay applied');
      assert.equal(await db.count('never'), null);
      if (!fixture.dirtyOnFailure) {
        assert.match(run.job.error!.message, /rolled back; nothing of it remains/);
        assert.equal(await db.count('audit'), null);
        assert.deepEqual(await db.states(), ['1:applied', '2:applied', '3:applied', '4:pending']);
        return;
      }
      assert.match(run.job.error!.message, /left dirty after 1 statement/);
      assert.equal(await db.count('audit'), 0, 'the DDL before the failure committed');
      const status = await db.migrations.status('fail');
      assert.equal(status.dirtyVersion, '4');
      assert.deepEqual([status.migrations[3]!.statementsDone, status.migrations[3]!.direction], [1, 'up']);
      await assert.rejects(db.migrations.start({ connectionId: 'fail', direction: 'up' }), /Version 4 \(broken\) is dirty: its migration stopped after 1 statement/);
      // The user undoes what ran, fixes the file and resolves: migrate works again.
      await db.query('DROP TABLE audit');
      await db.migrations.resolve('fail', '4', 'not_applied');
      db.migrations.saveFile('fail', '000004_broken.up.sql', 'CREATE TABLE audit (id INTEGER PRIMARY KEY);\n');
      const again = await db.run({ connectionId: 'fail', direction: 'up' });
      assert.equal(again.job.state, 'succeeded', again.job.error?.message);
      assert.deepEqual(await db.states(), ['1:applied', '2:applied', '3:applied', '4:applied']);
    });

    test('cancel stops between statements; the current migration is rolled back (or left dirty)', async () => {
      const db = await database('cancel');
      db.migrations.create('cancel', { version: '1', name: 'slow', up: `CREATE TABLE slow_made (id INTEGER);\n${fixture.slowSql};\n${fixture.slowSql};\nCREATE TABLE slow_end (id INTEGER);\n`, down: 'DROP TABLE slow_made;\n' });
      const job = await db.migrations.start({ connectionId: 'cancel', direction: 'up' });
      while ((db.jobs.get(job.id).progress?.done ?? 0) < 1) await sleep(20);
      db.jobs.cancel(job.id);
      const final = await db.jobs.finished(job.id);
      assert.equal(final.state, 'cancelled');
      assert.equal(await db.count('slow_end'), null);
      if (fixture.dirtyOnFailure) assert.equal((await db.migrations.status('cancel')).dirtyVersion, '1');
      else {
        assert.equal(await db.count('slow_made'), null);
        assert.deepEqual(await db.states(), ['1:pending']);
      }
    });

    if (fixture.outsideTransactionSql) {
      test('a migration that cannot run in a transaction is recorded per statement; a failure leaves it dirty with what ran', async () => {
        const db = await database('outside');
        db.migrations.create('outside', { version: '1', name: 'index', up: `CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER);\n${fixture.outsideTransactionSql};\nINSERT INTO nope VALUES (1);\n`, down: 'DROP TABLE items;\n' });
        const run = await db.run({ connectionId: 'outside', direction: 'up' });
        assert.equal(run.job.state, 'failed');
        assert.match(run.log, /without a transaction: .*CONCURRENTLY/);
        assert.match(run.job.error!.message, /statement 3 of 3 .* left dirty after 2 statement/);
        const status = await db.migrations.status('outside');
        assert.equal(status.dirtyVersion, '1');
        assert.equal(status.migrations[0]!.statementsDone, 2);
        await db.migrations.resolve('outside', '1', 'applied');
        assert.deepEqual(await db.states(), ['1:applied']);
      });
    }

    test('two runners at once: one waits for the other, none applies a migration twice; with no wait, the second is refused', async () => {
      const db = await database('race');
      db.migrations.create('race', { version: '1', name: 'slow table', up: `CREATE TABLE raced (id INTEGER PRIMARY KEY);\n${fixture.slowSql};\n${fixture.slowSql};\nINSERT INTO raced (id) VALUES (1);\n`, down: 'DROP TABLE raced;\n' });
      db.migrations.create('race', { name: 'more', up: 'INSERT INTO raced (id) VALUES (2);\n', down: 'DELETE FROM raced WHERE id = 2;\n' });
      const other = service();
      await other.migrations.status('race'); // its connection open, so it starts at once
      // The second starts while the first is inside version 1 (on MariaDB it reads as dirty
      // then: it runs without a transaction); it must wait, not refuse.
      const first = await db.migrations.start({ connectionId: 'race', direction: 'up' });
      while ((db.jobs.get(first.id).progress?.done ?? 0) < 1) await sleep(20);
      const [a, b] = await Promise.all([
        db.jobs.finished(first.id).then((job) => ({ job, log: db.jobs.logOf(job.id).map((l) => l.text).join('\n') })),
        db.run({ connectionId: 'race', direction: 'up' }, other),
      ]);
      assert.equal(a.job.state, 'succeeded', a.job.error?.message);
      assert.equal(b.job.state, 'succeeded', b.job.error?.message);
      const applied = [...(a.job.result!.data!.versions as string[]), ...(b.job.result!.data!.versions as string[])].sort();
      assert.deepEqual(applied, ['1', '2'], 'each version applied exactly once');
      assert.equal(await db.count('raced'), 2);
      assert.match(`${a.log}\n${b.log}`, /Waiting up to 30 s for the (migrations lock|database write lock)|already applied by another runner/);

      // A runner that will not wait is refused while another holds the lock, and says so.
      db.migrations.create('race', { name: 'third', up: 'INSERT INTO raced (id) VALUES (3);\n', down: 'DELETE FROM raced WHERE id = 3;\n' });
      const holder = await (await db.connections.driver('race')).openSession();
      const engine = MIGRATION_ENGINES[targets.get('race')!.engine];
      if (engine.lock) assert.ok(await engine.lock.tryTake(holder));
      else await runSql(holder, engine.begin);
      const impatient = service(0);
      const refused = await db.run({ connectionId: 'race', direction: 'up' }, impatient);
      assert.equal(refused.job.state, 'failed');
      assert.equal(refused.job.error?.code, 'locked');
      assert.match(refused.job.error!.message, /^Refused: waited 0 s for the .*Another runner is applying migrations/);
      if (engine.lock) await engine.lock.release(holder);
      else await runSql(holder, 'ROLLBACK');
      await holder.close();
      assert.deepEqual(await db.states(), ['1:applied', '2:applied', '3:pending']);
    });
  });
}

/** Writes a file into a folder (tests of existing folders). */
export function writeMigration(folder: string, file: string, text: string): void {
  writeFileSync(join(folder, file), text);
}
