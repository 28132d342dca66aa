// Imports next to the engines' own loaders, measured in the same run on the same file: a
// generated CSV of ROWS rows (default 1,000,000, about 100 MB) imported by our import job
// (one transaction, types checked, into a new table) and by
//   PostgreSQL:      psql \copy … FROM … (CSV, HEADER)          goal: ours ≤ 2×
//   SQLite:          sqlite3 .import --csv --skip 1            goal: ours ≤ 2×
//   MySQL / MariaDB: mariadb LOAD DATA LOCAL INFILE
// each into a table made by the same CREATE TABLE. Also: the server's memory growth during
// our import (this process's RSS: the service runs in it; goal ≤ 100 MB), and the upload
// (the file streamed into <home>/imports) on its own.
//   node bench/import.ts            (ROWS=… to change the size)
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { connect } from '../server/db/index.ts';
import type { ConnectTarget } from '../server/db/driver.ts';
import { ImportService } from '../server/imports/service.ts';
import { UploadStore } from '../server/imports/uploads.ts';
import { JobManager } from '../server/jobs/job-manager.ts';
import type { ImportTarget } from '../server/protocol/index.ts';
import { startMariadb } from '../server/testing/mariadb.ts';
import { startPostgres } from '../server/testing/postgres.ts';
import { record } from './results.ts';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
/** ONLY=postgres,sqlite,mysql: a subset of the engines. */
const ONLY = (process.env.ONLY ?? 'postgres,sqlite,mysql').split(',');
const log = pino({ level: 'silent' });
const work = mkdtempSync(join(tmpdir(), 'dbt-bench-import-'));
const results: string[] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function generate(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('id,name,email,amount,active,created_at,note\n');
  let chunk = '';
  for (let i = 1; i <= ROWS; i++) {
    chunk += `${i},"Customer ${i}",customer${i}@example.com,${(i * 7919) % 100000 / 100},${i % 3 === 0 ? 'true' : 'false'},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')} 12:${String(i % 60).padStart(2, '0')}:00,"note ${i % 97}, with a comma"\n`;
    if (i % 10_000 === 0) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

interface Ours {
  ms: number;
  uploadMs: number;
  memoryMb: number;
  createSql: string;
}

/** Our import job through the real service (the upload timed apart), watching this process's memory. */
async function ours(target: ConnectTarget, schema: string, file: string): Promise<Ours> {
  const home = mkdtempSync(join(work, 'home-'));
  const jobs = new JobManager({ log });
  const driver = await connect(target);
  const service = new ImportService({ uploads: new UploadStore(home, 1e11), jobs, log, connections: { resolve: () => ({ name: 'bench', target }), driver: async () => driver } });
  const uploadStarted = performance.now();
  const { uploadId } = await service.upload(createReadStream(file), 'bench.csv');
  const uploadMs = performance.now() - uploadStarted;
  const preview = await service.preview(uploadId);
  const importTarget: ImportTarget = { type: 'new', schema, table: 'ours', columns: preview.columns.map((c, source) => ({ name: c.sanitized, type: c.type, source })) };
  const plan = await service.plan('bench', { uploadId, settings: preview.settings, target: importTarget });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const job = await jobs.finished((await service.start('bench', { uploadId, settings: preview.settings, target: importTarget, mode: 'transaction' })).id);
  const ms = performance.now() - started;
  clearInterval(sampler);
  jobs.stop();
  await driver.close();
  rmSync(home, { recursive: true, force: true });
  if (job.state !== 'succeeded') throw new Error(`import ${job.state}: ${job.error?.message}`);
  return { ms, uploadMs, memoryMb: (peak - baseline) / 1024 / 1024, createSql: plan.createSql! };
}

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const started = performance.now();
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr?.toString()}`);
  return performance.now() - started;
}

function report(engine: string, mine: Ours, referenceName: string, referenceMs: number, goalRatio: number | null): void {
  const goal = goalRatio === null ? '(reference only)' : `(goal ≤ ${goalRatio}×)`;
  record('import', [
    { what: `${engine}: import ${ROWS.toLocaleString('en-US')} CSV rows`, value: mine.ms / 1000, unit: 's', reference: { what: referenceName, value: referenceMs / 1000 }, ...(goalRatio === null ? {} : { goal: { on: 'ratio', max: goalRatio } }) },
    { what: `${engine}: import memory growth`, value: mine.memoryMb, unit: 'MB', goal: { on: 'value', max: 100 } },
  ]);
  results.push(
    `${engine}: ours ${seconds(mine.ms)} (${Math.round(ROWS / (mine.ms / 1000)).toLocaleString('en-US')} rows/s) vs ${referenceName} ${seconds(referenceMs)} → ${(mine.ms / referenceMs).toFixed(2)}× ${goal}; memory growth ${mine.memoryMb.toFixed(0)} MB (goal ≤ 100 MB); upload into the home ${seconds(mine.uploadMs)}`,
  );
}

const file = join(work, 'bench.csv');
await generate(file);
console.log(`CSV: ${ROWS.toLocaleString('en-US')} rows, ${(statSync(file).size / 1e6).toFixed(0)} MB`);

try {
  // PostgreSQL
  if (ONLY.includes('postgres')) {
  const server = await startPostgres();
  try {
    const target: ConnectTarget = server.target();
    const mine = await ours(target, 'public', file);
    const psql = [join(server.binDir, 'psql'), '-h', server.host, '-p', String(server.port), '-U', server.user, '-d', server.database, '-v', 'ON_ERROR_STOP=1'];
    const env = { PGPASSWORD: server.password };
    run(psql[0]!, [...psql.slice(1), '-c', mine.createSql.replace('"ours"', 'reference')], env);
    const ms = run(psql[0]!, [...psql.slice(1), '-c', `\\copy reference FROM '${file}' WITH (FORMAT csv, HEADER true)`], env);
    report('PostgreSQL', mine, 'psql \\copy', ms, 2);
  } finally {
    await server.stop();
  }
  }

  // SQLite
  if (ONLY.includes('sqlite')) {
    const db = join(work, 'bench.db');
    new Database(db).close();
    const mine = await ours({ engine: 'sqlite', file: db, readOnly: false }, 'main', file);
    const reference = join(work, 'reference.db');
    const setup = new Database(reference);
    setup.exec(mine.createSql.replace('"ours"', 'reference'));
    setup.close();
    const ms = run('sqlite3', [reference, '.import --csv --skip 1 ' + file + ' reference']);
    report('SQLite', mine, 'sqlite3 .import', ms, 2);
  }

  // MySQL / MariaDB
  if (ONLY.includes('mysql')) {
  const maria = await startMariadb({ database: 'bench' });
  try {
    maria.rootSql('SET GLOBAL local_infile = 1');
    const target: ConnectTarget = { engine: 'mysql', host: maria.host, port: maria.port, user: maria.user, password: maria.password, database: maria.database, ssl: { mode: 'disable' }, connectTimeoutSeconds: 10 };
    const mine = await ours(target, 'bench', file);
    const client = [maria.client, '-h', maria.host, '-P', String(maria.port), '-u', maria.user, '--local-infile=1', maria.database];
    const env = { MYSQL_PWD: maria.password };
    run(client[0]!, [...client.slice(1), '-e', mine.createSql.replace('`ours`', 'reference')], env);
    const ms = run(client[0]!, [...client.slice(1), '-e', `LOAD DATA LOCAL INFILE '${file}' INTO TABLE reference FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\\n' IGNORE 1 LINES`], env);
    report('MariaDB', mine, 'LOAD DATA LOCAL INFILE', ms, null);
  } finally {
    await maria.stop();
  }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

for (const line of results) console.log(line);
