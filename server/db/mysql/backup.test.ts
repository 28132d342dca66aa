// MySQL / MariaDB backups against a real MariaDB, end to end through the backup service:
// a database with every common type, constraints, indexes, a view, AUTO_INCREMENT, a
// function and a procedure, a trigger and non-ASCII text → backup → restore into a fresh
// schema → per-table checksums and SHOW CREATE text identical; full verify; the password
// never in the dump tool's argv; a killed or cancelled dump leaves nothing complete-looking;
// without the tools, the built-in logical dump round-trips the same database.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import { pino } from 'pino';
import { BackupService } from '../../backups/service.ts';
import { BackupStore } from '../../backups/store.ts';
import { JobManager } from '../../jobs/job-manager.ts';
import type { BackupManifest, JobSnapshot } from '../../protocol/index.ts';
import { startMariadb, type TestMariadb } from '../../testing/mariadb.ts';
import { loadShop, NON_ASCII, shopSchemaText } from '../../testing/mariadb-shop.ts';
import { childPids } from '../../testing/processes.ts';
import { untilWorkingOrOver } from '../../testing/job-events.ts';
import type { ConnectTarget } from '../driver.ts';
import { BACKUP_ENGINES } from '../../backups/engines.ts';
import { createMysqlBackup, dumpArgs } from './backup.ts';
import { findMysqlTool } from './dump-tools.ts';

describe('backups on MySQL / MariaDB', () => {
  let server: TestMariadb;
  let home: string;
  let jobs: JobManager;
  let service: BackupService;
  const targets = new Map<string, { name: string; target: ConnectTarget }>();
  const target = (database: string): ConnectTarget => ({
    engine: 'mysql', host: server.host, port: server.port, user: server.user, password: server.password, database, ssl: { mode: 'disable' }, connectTimeoutSeconds: 10,
  });
  const finished = (job: JobSnapshot) => jobs.finished(job.id);
  const backupOf = (job: JobSnapshot): BackupManifest => service.get(job.result!.data!.backupId as string);
  const folderFiles = () => readdirSync(join(home, 'backups', 'src'));
  const schemaText = (database: string) => shopSchemaText(server, database);

  before(async () => {
    server = await startMariadb({ database: 'shop' });
    loadShop(server);
    home = mkdtempSync(join(tmpdir(), 'dbt-mysql-backup-home-'));
    jobs = new JobManager({ log: pino({ level: 'silent' }) });
    targets.set('src', { name: 'Shop', target: target('shop') });
    service = new BackupService({ store: new BackupStore(home), jobs, log: pino({ level: 'silent' }), connections: { resolve: (id) => targets.get(id) ?? assert.fail(`no connection ${id}`) } });
  });
  after(async () => {
    jobs?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
    await server?.stop();
  });

  test('the dump names one database and no CREATE DATABASE / USE; tables and kinds map to the flags', () => {
    assert.deepEqual(dumpArgs('tables', 'shop', ['orders']).slice(-3), ['--', 'shop', 'orders']);
    assert.ok(!dumpArgs('full', 'shop', []).includes('--databases'));
    assert.ok(dumpArgs('schema-only', 'shop', []).includes('--no-data'));
    assert.ok(dumpArgs('data-only', 'shop', []).includes('--no-create-info'));
  });

  test('a full backup: manifest with per-table rows and checksums, quick-verified, no partial left', async () => {
    const job = await finished(service.startBackup({ connectionId: 'src', kind: 'full' }));
    assert.equal(job.state, 'succeeded', job.error?.message);
    const backup = backupOf(job);
    assert.match(backup.tool, /^(mariadb-dump|mysqldump) /);
    assert.match(backup.serverVersion, /^MariaDB \d+\.\d+/);
    assert.match(backup.format, /one snapshot shared/);
    assert.equal(backup.verification?.ok, true, backup.verification?.summary);
    assert.match(backup.verification!.summary, /dump says it completed/);
    assert.deepEqual(backup.tableStats.map((t) => [t.schema, t.name, t.rows]), [['shop', 'big', 0], ['shop', 'customers', 2], ['shop', 'orders', 3]]);
    assert.deepEqual(folderFiles().sort(), [`${backup.id}.json`, backup.file].sort());
    assert.ok(backup.file.endsWith('.sql.gz'));
  });

  test('a full verify restores into a scratch schema, finds every table identical, and drops it', async () => {
    const [backup] = service.list('src');
    const job = await finished(service.verify(backup!.id, 'full'));
    assert.equal(job.state, 'succeeded', job.error?.message);
    const verified = service.get(backup!.id).verification!;
    assert.equal(verified.ok, true, verified.summary);
    assert.equal(verified.tables?.length, 3);
    assert.equal(server.rootSql("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'dbt\\_verify\\_%'").trim(), '0');
  });

  test('a changed row is caught: the checksum covers the data, not just the count', async () => {
    const [backup] = service.list('src');
    const store = new BackupStore(home);
    store.save({ ...backup!, tableStats: backup!.tableStats.map((t) => (t.name === 'orders' ? { ...t, checksum: '12345' } : t)) });
    const job = await finished(service.verify(backup!.id, 'full'));
    assert.equal(job.state, 'failed');
    assert.match(job.error!.message, /orders \(same row count, different data/);
    store.save(backup!);
  });

  test('restore into a fresh schema: the same SHOW CREATE text, rows and checksums', async () => {
    const [backup] = service.list('src');
    server.rootSql('CREATE DATABASE restored CHARACTER SET utf8mb4');
    targets.set('fresh', { name: 'Fresh', target: target('restored') });
    const job = await finished(await service.restore({ backupId: backup!.id, target: { type: 'connection', connectionId: 'fresh' }, clean: false }));
    assert.equal(job.state, 'succeeded', job.error?.message);
    assert.equal(schemaText('restored'), schemaText('shop'));
    const copy = backupOf(await finished(service.startBackup({ connectionId: 'fresh', kind: 'full' })));
    assert.deepEqual(copy.tableStats.map(({ name, rows, checksum }) => ({ name, rows, checksum })), backup!.tableStats.map(({ name, rows, checksum }) => ({ name, rows, checksum })));
    assert.equal(server.rootSql('SELECT name FROM restored.customers WHERE id = 1').trim(), NON_ASCII);
    assert.equal(server.rootSql('SELECT restored.order_count(1)').trim(), '2');
    // Over a database that holds tables, the user must type its name.
    await assert.rejects(service.restore({ backupId: backup!.id, target: { type: 'connection', connectionId: 'src' }, clean: false }), (error: Error & { code?: string }) => error.code === 'confirmation_required');
  });

  test('schema-only, data-only and single-table backups hold what they say', async () => {
    const schemaOnly = await finished(service.startBackup({ connectionId: 'src', kind: 'schema-only' }));
    assert.equal(schemaOnly.state, 'succeeded', schemaOnly.error?.message);
    assert.ok(backupOf(schemaOnly).tableStats.every((t) => t.rows === 0));
    const dataOnly = await finished(service.startBackup({ connectionId: 'src', kind: 'data-only' }));
    assert.equal(dataOnly.state, 'succeeded', dataOnly.error?.message);
    assert.equal(backupOf(dataOnly).tableStats.find((t) => t.name === 'orders')?.rows, 3);
    const one = await finished(service.startBackup({ connectionId: 'src', kind: 'tables', tables: [{ schema: 'shop', name: 'orders' }] }));
    assert.equal(one.state, 'succeeded', one.error?.message);
    assert.deepEqual(backupOf(one).tableStats.map((t) => [t.name, t.rows]), [['orders', 3]]);
    const other = await finished(service.startBackup({ connectionId: 'src', kind: 'tables', tables: [{ schema: 'mysql', name: 'user' }] }));
    assert.equal(other.state, 'failed');
    assert.match(other.error!.message, /holds tables of shop only, not mysql\.user/);
  });

  test('the password is in neither the dump tool\'s argv nor its environment; its option file is gone afterwards', async () => {
    server.rootSql("USE shop; INSERT INTO big (payload) SELECT REPEAT(MD5(seq), 6) FROM seq_1_to_200000;");
    const baseline = new Set(childPids());
    const started = service.startBackup({ connectionId: 'src', kind: 'full' });
    let tool: number | undefined;
    for (let i = 0; i < 400 && tool === undefined; i++) {
      tool = childPids().find((pid) => !baseline.has(pid));
      if (tool === undefined) await sleep(10);
    }
    assert.ok(tool, 'the dump tool was never started');
    const cmdline = readFileSync(`/proc/${tool}/cmdline`, 'utf8').split('\0');
    const environ = readFileSync(`/proc/${tool}/environ`, 'utf8');
    assert.ok(!cmdline.join(' ').includes(server.password), cmdline.join(' '));
    assert.ok(!environ.includes(server.password));
    const optionFile = cmdline.find((a) => a.startsWith('--defaults-extra-file='))!.split('=')[1]!;
    const job = await finished(started);
    assert.equal(job.state, 'succeeded', job.error?.message);
    assert.ok(!existsSync(optionFile));
    assert.equal(backupOf(job).tableStats.find((t) => t.name === 'big')?.rows, 200_000);
  });

  test('the dump tool killed mid-backup (SIGKILL from outside): the job fails, nothing is left', async () => {
    const before = service.list('src').length;
    const baseline = new Set(childPids());
    const started = service.startBackup({ connectionId: 'src', kind: 'full' });
    let tool: number | undefined;
    for (let i = 0; i < 400 && tool === undefined; i++) {
      tool = childPids().find((pid) => !baseline.has(pid));
      if (tool === undefined) await sleep(10);
    }
    assert.ok(tool, 'the dump tool was never started');
    await sleep(100);
    process.kill(tool, 'SIGKILL');
    const job = await finished(started);
    assert.equal(job.state, 'failed');
    assert.match(job.error!.message, /killed by SIGKILL/);
    assert.equal(service.list('src').length, before);
    assert.deepEqual(folderFiles().filter((f) => !f.endsWith('.json') && !service.list('src').some((b) => b.file === f)), []);
  });

  test('a cancelled backup leaves no backup and no partial file', async () => {
    const before = service.list('src').length;
    const started = service.startBackup({ connectionId: 'src', kind: 'full' });
    await untilWorkingOrOver(jobs, started);
    jobs.cancel(started.id);
    assert.equal((await finished(started)).state, 'cancelled');
    assert.equal(service.list('src').length, before);
    assert.deepEqual(folderFiles().filter((f) => !f.endsWith('.json') && !service.list('src').some((b) => b.file === f)), []);
  });

  test('writes during the backup: the manifest counts match the dump (one snapshot), so a full verify passes', async () => {
    const writer = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database: 'shop' });
    let writing = true;
    let written = 0;
    const writes = (async () => {
      while (writing) {
        await writer.query('INSERT INTO orders (customer_id, total) VALUES (2, 1)');
        await writer.query('UPDATE big SET payload = ? WHERE id = ?', [String(written), 1 + (written % 1000)]);
        written++;
      }
    })();
    try {
      const job = await finished(service.startBackup({ connectionId: 'src', kind: 'full' }));
      assert.equal(job.state, 'succeeded', job.error?.message);
      assert.ok(written > 0, 'no write ran during the backup');
      const held = jobs.logOf(job.id).map((l) => l.text).find((t) => /^Writes held for \d+ ms/.test(t));
      assert.ok(held, `the dump and the counts did not share a snapshot: ${jobs.logOf(job.id).map((l) => l.text).join(' / ')}`);
      assert.ok(Number(/(\d+) ms/.exec(held)![1]) < 1000, held);
      const before = written;
      await sleep(200);
      assert.ok(written > before, 'writes were held up after the dump opened its snapshot');
      const verify = await finished(service.verify(backupOf(job).id, 'full'));
      assert.equal(verify.state, 'succeeded', verify.error?.message);
    } finally {
      writing = false;
      await writes;
      await writer.end();
    }
  });

  test('a restore stopped part-way says the target is incomplete; the client never had the password in argv', async () => {
    const [latest] = service.list('src');
    server.rootSql('CREATE DATABASE interrupted CHARACTER SET utf8mb4');
    targets.set('interrupted', { name: 'Interrupted', target: target('interrupted') });
    const baseline = new Set(childPids());
    const started = await service.restore({ backupId: latest!.id, target: { type: 'connection', connectionId: 'interrupted' }, clean: false });
    await untilWorkingOrOver(jobs, started, (phase) => phase === 'Restoring');
    const client = childPids().find((pid) => !baseline.has(pid));
    assert.ok(client, 'the mariadb client is not running');
    assert.ok(!readFileSync(`/proc/${client}/cmdline`, 'utf8').includes(server.password));
    assert.ok(!readFileSync(`/proc/${client}/environ`, 'utf8').includes(server.password));
    jobs.cancel(started.id);
    assert.equal((await finished(started)).state, 'cancelled');
    assert.ok(jobs.logOf(started.id).some((l) => l.level === 'warn' && /interrupted now holds part of the backup and is incomplete/.test(l.text.replace('into interrupted stopped part-way: it', 'interrupted'))));
  });

  test('no dump tool installed: the built-in logical dump is written and says so, and restores without the client either', async () => {
    assert.throws(() => findMysqlTool('dump', { PATH: '/nonexistent' }), /mariadb-dump \(or mysqldump\) is needed .* apt-get install mariadb-client/);
    assert.throws(() => findMysqlTool('client', { PATH: '/nonexistent' }), /mariadb \(or mysql\) is needed to restore/);
    const bareHome = mkdtempSync(join(tmpdir(), 'dbt-mysql-builtin-home-'));
    const bareJobs = new JobManager({ log: pino({ level: 'silent' }) });
    try {
      const bare = createMysqlBackup((role) => findMysqlTool(role, { PATH: '/nonexistent' }));
      const bareService = new BackupService({
        store: new BackupStore(bareHome), jobs: bareJobs, log: pino({ level: 'silent' }), engines: { ...BACKUP_ENGINES, mysql: bare }, connections: { resolve: (id) => targets.get(id)! },
      });
      const job = await bareJobs.finished(bareService.startBackup({ connectionId: 'src', kind: 'full' }).id);
      assert.equal(job.state, 'succeeded', job.error?.message);
      const backup = bareService.get(job.result!.data!.backupId as string);
      assert.equal(backup.tool, 'DB Toolkit built-in logical dump');
      const rows = backup.tableStats.reduce((sum, t) => sum + t.rows, 0);
      assert.match(backup.verification!.summary, new RegExp(`the logical dump reads back complete: \\d+ statements, ${rows} rows of \\d tables`));
      assert.ok(bareJobs.logOf(job.id).some((l) => l.level === 'warn' && /mariadb-dump \(or mysqldump\) is needed .* built-in logical dump instead/.test(l.text)));

      server.rootSql('CREATE DATABASE restored_builtin CHARACTER SET utf8mb4');
      targets.set('builtin', { name: 'Built-in', target: target('restored_builtin') });
      const restored = await bareJobs.finished((await bareService.restore({ backupId: backup.id, target: { type: 'connection', connectionId: 'builtin' }, clean: false })).id);
      assert.equal(restored.state, 'succeeded', restored.error?.message);
      assert.equal(schemaText('restored_builtin'), schemaText('shop'));
      const copy = bareService.get((await bareJobs.finished(bareService.startBackup({ connectionId: 'builtin', kind: 'full' }).id)).result!.data!.backupId as string);
      assert.deepEqual(copy.tableStats.map(({ name, rows, checksum }) => ({ name, rows, checksum })), backup.tableStats.map(({ name, rows, checksum }) => ({ name, rows, checksum })));
      assert.equal(server.rootSql('SELECT name FROM restored_builtin.customers WHERE id = 1').trim(), NON_ASCII);
      assert.equal(server.rootSql('SELECT restored_builtin.order_count(1)').trim(), '2');
      const verify = await bareJobs.finished(bareService.verify(backup.id, 'full').id);
      assert.equal(verify.state, 'succeeded', verify.error?.message);

      // A restore that fails part-way (a view where the dump replaces a table) drops what it created.
      server.rootSql('CREATE DATABASE clash CHARACTER SET utf8mb4; CREATE VIEW clash.orders AS SELECT 1 AS id;');
      targets.set('clash', { name: 'Clash', target: target('clash') });
      const failed = await bareJobs.finished((await bareService.restore({ backupId: backup.id, target: { type: 'connection', connectionId: 'clash' }, clean: false, confirmName: 'clash' })).id);
      assert.equal(failed.state, 'failed');
      assert.equal(failed.error?.code, 'restore_failed', failed.error?.message);
      assert.match(failed.error!.message, /The restore stopped at entry \d+ of the dump: .*orders/);
      assert.equal(server.rootSql("SELECT GROUP_CONCAT(TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'clash'").trim(), 'orders');
      assert.ok(bareJobs.logOf(failed.id).some((l) => l.level === 'warn' && /what it had created was dropped, but the tables it had replaced or loaded into are incomplete/.test(l.text)));
    } finally {
      bareJobs.stop();
      rmSync(bareHome, { recursive: true, force: true });
    }
  });

  test('disk full: a clear error, and the partial file is removed', async (t) => {
    const small = mkdtempSync(join(tmpdir(), 'dbt-mysql-backup-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small], { stdio: 'pipe' });
    } catch (error) {
      rmSync(small, { recursive: true, force: true });
      t.skip(`cannot mount a small tmpfs here (${(error as Error).message.split('\n')[0]}), so no disk can be filled`);
      return;
    }
    try {
      const fullJobs = new JobManager({ log: pino({ level: 'silent' }) });
      const fullService = new BackupService({ store: new BackupStore(small), jobs: fullJobs, log: pino({ level: 'silent' }), connections: { resolve: (id) => targets.get(id)! } });
      const job = await fullJobs.finished(fullService.startBackup({ connectionId: 'src', kind: 'full' }).id);
      assert.equal(job.state, 'failed');
      assert.equal(job.error?.code, 'disk_full', job.error?.message);
      assert.deepEqual(readdirSync(join(small, 'backups', 'src')), []);
      fullJobs.stop();
    } finally {
      execFileSync('umount', [small]);
      rmSync(small, { recursive: true, force: true });
    }
  });

  test('a cut-short dump fails its quick check', async () => {
    const { mysqlBackup } = await import('./backup.ts');
    const { gzipSync } = await import('node:zlib');
    const { writeFileSync } = await import('node:fs');
    const file = join(home, 'cut.sql.gz');
    writeFileSync(file, gzipSync('-- MariaDB dump\nCREATE TABLE t (id int);\nINSERT INTO t VALUES (1'));
    const job = { signal: new AbortController().signal, progress() {}, log() {} } as unknown as Parameters<typeof mysqlBackup.quickCheck>[0];
    await assert.rejects(mysqlBackup.quickCheck(job, file, service.list('src')[0]!), /does not end with the tool's "-- Dump completed" line/);
  });
});
