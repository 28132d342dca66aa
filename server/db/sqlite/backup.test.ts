// SQLite archives in both formats: zstd with key-ordered sha1 checksums (written now), and
// gzip with row-sum checksums (written before) — a backup of the earlier format still
// passes its quick and full verify and restores. Its checksums below are the ones the
// earlier code recorded for this database, so a change to how those are measured fails here.
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { BackupService } from '../../backups/service.ts';
import { BackupStore } from '../../backups/store.ts';
import { JobManager } from '../../jobs/job-manager.ts';
import type { BackupManifest, JobSnapshot } from '../../protocol/index.ts';
import type { ConnectTarget } from '../driver.ts';

const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

describe('SQLite backup archives', () => {
  let dir: string;
  let home: string;
  let jobs: JobManager;
  let service: BackupService;
  const sourceFile = () => join(dir, 'shop.db');
  const source = (): ConnectTarget => ({ engine: 'sqlite', file: sourceFile(), readOnly: false });
  const finished = (job: JobSnapshot) => jobs.finished(job.id);
  const rowsOf = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return { customers: db.prepare('SELECT * FROM customers ORDER BY id').all(), tags: db.prepare('SELECT * FROM tags ORDER BY tag').all() };
    } finally {
      db.close();
    }
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbt-sqlite-archives-'));
    home = mkdtempSync(join(tmpdir(), 'dbt-sqlite-archives-home-'));
    const db = new Database(sourceFile());
    db.exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, balance REAL, photo BLOB);
      CREATE TABLE tags (tag TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;
      CREATE INDEX tags_n ON tags (n, tag);`);
    db.prepare('INSERT INTO customers (name, balance, photo) VALUES (?, ?, ?)').run('Grüße, 東京 🎉', 12.5, Buffer.from([0, 1, 2, 255]));
    db.prepare('INSERT INTO customers (name, balance, photo) VALUES (?, ?, ?)').run('Ada', 1e-300, null);
    db.exec("INSERT INTO tags VALUES ('b', 2), ('a', 9007199254740993)");
    db.close();
    jobs = new JobManager({ log: pino({ level: 'silent' }) });
    service = new BackupService({ store: new BackupStore(home), jobs, log: pino({ level: 'silent' }), connections: { resolve: () => ({ name: 'Shop', target: source() }) } });
  });
  after(() => {
    jobs.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  test('a backup is written as zstd with key-ordered sha1 checksums, and verifies in full', async () => {
    const job = await finished(service.startBackup({ connectionId: 'src', kind: 'full' }));
    assert.equal(job.state, 'succeeded', job.error?.message);
    const backup = service.get(job.result!.data!.backupId as string);
    assert.match(backup.file, /\.sqlite\.zst$/);
    assert.equal(backup.format, 'SQLite database file, zstd');
    assert.deepEqual(readFileSync(join(home, 'backups', 'src', backup.file)).subarray(0, 4), ZSTD_MAGIC);
    assert.deepEqual(backup.tableStats.map((t) => [t.name, t.rows, t.checksum.replace(/[0-9a-f]{40}$/, '…')]), [['customers', 2, 'sha1:…'], ['tags', 2, 'sha1:…']]);
    const verify = await finished(service.verify(backup.id, 'full'));
    assert.equal(verify.state, 'succeeded', verify.error?.message);
  });

  test('a backup of the earlier format (gzip, row-sum checksums) verifies quick and full, and restores', async () => {
    const archive = gzipSync(readFileSync(sourceFile()), { level: 1 });
    const id = 'legacy-gzip-backup';
    const folder = join(home, 'backups', 'src');
    writeFileSync(join(folder, `${id}.sqlite.gz`), archive);
    const manifest: BackupManifest = {
      id, connectionId: 'src', connectionName: 'Shop', engine: 'sqlite', serverVersion: 'SQLite 3.50.0', tool: 'SQLite online backup API 3.50.0', kind: 'full',
      file: `${id}.sqlite.gz`, format: 'SQLite database file, gzip', size: statSync(join(folder, `${id}.sqlite.gz`)).size,
      sha256: createHash('sha256').update(archive).digest('hex'),
      tableStats: [
        { schema: 'main', name: 'customers', rows: 2, checksum: 'dbae3d2c62228dee' },
        { schema: 'main', name: 'tags', rows: 2, checksum: '8d79def880d8de2c' },
      ],
      startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', durationMs: 1000, verification: null, verifiedAt: null, scheduleId: null,
    };
    new BackupStore(home).save(manifest);
    const quick = await finished(service.verify(id, 'quick'));
    assert.equal(quick.state, 'succeeded', quick.error?.message);
    const full = await finished(service.verify(id, 'full'));
    assert.equal(full.state, 'succeeded', full.error?.message);
    assert.equal(service.get(id).verification?.ok, true);
    // The comparison is real: a checksum the copy does not have fails it.
    new BackupStore(home).save({ ...manifest, tableStats: [manifest.tableStats[0]!, { ...manifest.tableStats[1]!, checksum: '8d79def880d8de2d' }] });
    const wrong = await finished(service.verify(id, 'full'));
    assert.equal(wrong.state, 'failed');
    assert.match(wrong.error!.message, /tags \(same row count, different data/);
    new BackupStore(home).save(manifest);

    const file = join(dir, 'restored.db');
    const restore = await finished(await service.restore({ backupId: id, target: { type: 'new-file', file }, clean: false }));
    assert.equal(restore.state, 'succeeded', restore.error?.message);
    assert.deepEqual(rowsOf(file), rowsOf(sourceFile()));
  });
});
