// Backups next to the engines' own tools, measured in the same run on the same data
// (scaled down from the issue's ~1 GB to about SIZE_MB, default 200 MB, to fit this machine):
//   PostgreSQL: our backup job (pg_dump -Fc from an exported snapshot + per-table row
//               counts and checksums read meanwhile, fsync, sha256) vs `pg_dump -Fc` alone
//   SQLite:     our backup job (online backup API + row checksums + zstd level 1) vs `cp`,
//               `cp && sync` (a copy that is on disk) and `sqlite3 .backup`
//   MariaDB:    our backup job through mariadb-dump, and through the built-in logical dump
//               (what runs without mariadb-dump), vs `mariadb-dump --single-transaction | gzip`
// Also: the ETA shown at the half-way mark against the time the phase really took, the
// server's memory growth (this process's RSS: the service runs in it), and verify times.
//   node bench/backup.ts            (SIZE_MB=… to change the size; ONLY=postgres,sqlite,mariadb for a subset;
//                                    PG_RUNS=… pairs of pg_dump and ours, default 3)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { pino } from 'pino';
import { BackupService } from '../server/backups/service.ts';
import { BackupStore } from '../server/backups/store.ts';
import type { ConnectTarget } from '../server/db/driver.ts';
import { JobManager } from '../server/jobs/job-manager.ts';
import type { BackupManifest, JobSnapshot } from '../server/protocol/index.ts';
import { startPostgres } from '../server/testing/postgres.ts';
import { startMariadb } from '../server/testing/mariadb.ts';
import { BACKUP_ENGINES } from '../server/backups/engines.ts';
import type { BackupEngines } from '../server/backups/engine.ts';
import { ToolMissingError } from '../server/backups/dump-tool-fallback.ts';
import { createMysqlBackup } from '../server/db/mysql/backup.ts';
import { record } from './results.ts';
import { SERVER_NODE_FLAGS } from '../server/runtime-flags.ts';

// The service runs in this process: under the V8 flags the server runs with, or its memory
// growth would be another process's (the default young generation alone grows by ~50 MB).
if (!SERVER_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

const SIZE_MB = Number(process.env.SIZE_MB ?? 200);
const PG_RUNS = Number(process.env.PG_RUNS ?? 3);
const ONLY = new Set((process.env.ONLY ?? 'postgres,sqlite,mariadb').split(','));
const log = pino({ level: 'silent' });
const work = mkdtempSync(join(tmpdir(), 'dbt-bench-backup-'));
const results: string[] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

interface Ours {
  backup: BackupManifest;
  totalMs: number;
  /** Growth of this process's RSS during the backup job, and during the full verify after it. */
  memoryMb: number;
  verifyMemoryMb: number;
  eta: string;
  /** The half-way ETA's error, e.g. "-14%", when there was one. */
  etaError: string | null;
  verifyMs: number;
  /** Where the backup's time went: each phase and its seconds, in order. */
  phases: string;
}

/** One backup job through the real service, watching its progress and this process's memory. */
async function ours(target: ConnectTarget, mainPhase: string, engines?: BackupEngines): Promise<Ours> {
  const home = mkdtempSync(join(work, 'home-'));
  const jobs = new JobManager({ log });
  const service = new BackupService({ store: new BackupStore(home), jobs, log, engines, connections: { resolve: () => ({ name: 'bench', target }) } });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let half: { at: number; eta: number | null } | null = null;
  let phaseEnd = 0;
  const phaseStarts: { phase: string; at: number }[] = [];
  const stop = jobs.subscribe(({ job }) => {
    peak = Math.max(peak, process.memoryUsage().rss);
    const p = job.progress;
    if (job.kind === 'backup' && p?.phase && p.phase !== phaseStarts.at(-1)?.phase) phaseStarts.push({ phase: p.phase, at: performance.now() });
    // The truth is when the phase is left (the next phase's first event, or the job's end),
    // not its last event: progress comes every 0.25–0.5 s, a good part of a short phase.
    if (job.kind !== 'backup') return;
    if (p?.phase === mainPhase) {
      phaseEnd = 0;
      if (!half && (p.fraction ?? 0) >= 0.5) half = { at: performance.now(), eta: p.etaSeconds };
    } else if (half && !phaseEnd) phaseEnd = performance.now();
  });
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const started = performance.now();
  const job: JobSnapshot = await jobs.finished(service.startBackup({ connectionId: 'bench', kind: 'full' }).id);
  const totalMs = performance.now() - started;
  if (half && !phaseEnd) phaseEnd = performance.now();
  const backupPeak = peak;
  const phases = phaseStarts.map(({ phase, at }, i) => `${phase} ${(((phaseStarts[i + 1]?.at ?? started + totalMs) - at) / 1000).toFixed(2)}`).join(', ');
  if (job.state !== 'succeeded') throw new Error(`backup ${job.state}: ${job.error?.message}`);
  const backup = service.get(job.result!.data!.backupId as string);
  const verifyStarted = performance.now();
  const verify = await jobs.finished(service.verify(backup.id, 'full').id);
  const verifyMs = performance.now() - verifyStarted;
  clearInterval(sampler);
  if (verify.state !== 'succeeded') throw new Error(`verify ${verify.state}: ${verify.error?.message}`);
  stop();
  jobs.stop();
  const h = half as { at: number; eta: number | null } | null;
  const truth = h ? (phaseEnd - h.at) / 1000 : null;
  const etaError = h && h.eta !== null && truth ? `${(((h.eta - truth) / truth) * 100).toFixed(0)}%` : null;
  const eta = etaError ? `ETA at 50%: ${h!.eta!.toFixed(1)} s, took ${truth!.toFixed(1)} s (${etaError})` : 'no ETA at 50%';
  rmSync(home, { recursive: true, force: true });
  return { backup, totalMs, etaError, memoryMb: (backupPeak - baseline) / 1024 / 1024, verifyMemoryMb: (peak - baseline) / 1024 / 1024, eta, verifyMs, phases: `phases (s): ${phases}` };
}

// ── PostgreSQL ───────────────────────────────────────────────────────────────────────
if (ONLY.has('postgres')) {
  const server = await startPostgres();
  try {
    const admin = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: 'postgres' });
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    await admin.end();
    const client = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: 'bench' });
    await client.connect();
    const rows = Math.round((SIZE_MB * 1024 * 1024) / 250);
    await client.query(`CREATE TABLE orders (id bigserial PRIMARY KEY, customer int, amount numeric(12,2), note text, created timestamptz);
      INSERT INTO orders (customer, amount, note, created) SELECT i % 5000, (i % 100000) / 100.0, md5(i::text) || md5((i * 7)::text) || repeat(chr(65 + i % 26), 100), now() - i * interval '1 second' FROM generate_series(1, ${rows}) i;
      CREATE TABLE events (id bigserial PRIMARY KEY, kind text, payload jsonb);
      INSERT INTO events (kind, payload) SELECT 'k' || (i % 20), jsonb_build_object('i', i, 's', md5(i::text)) FROM generate_series(1, ${Math.round(rows / 4)}) i`);
    await client.query('VACUUM ANALYZE');
    const size = Number((await client.query("SELECT pg_database_size('bench') AS s")).rows[0].s);
    await client.end();
    const target: ConnectTarget = server.target('bench');
    const env = { ...process.env, PGHOST: server.host, PGPORT: String(server.port), PGUSER: server.user, PGPASSWORD: server.password };
    const dumpFile = join(work, 'ref.dump');
    // pg_dump alone and ours, taken in turns PG_RUNS times: on a shared machine one pair
    // swings by ±15%; the pair with the median ratio is shown, every ratio listed.
    const pairs: { reference: number; result: Ours }[] = [];
    let refSize = 0;
    for (let run = 0; run < PG_RUNS; run++) {
      const reference = timed(() => execFileSync(join(server.binDir, 'pg_dump'), ['-Fc', '-f', dumpFile, 'bench'], { env }));
      refSize = statSync(dumpFile).size;
      rmSync(dumpFile);
      pairs.push({ reference, result: await ours(target, 'Dumping') });
    }
    const ratio = (pair: (typeof pairs)[number]) => pair.result.backup.durationMs / pair.reference;
    pairs.sort((a, b) => ratio(a) - ratio(b));
    const { reference, result } = pairs[Math.floor(pairs.length / 2)]!;
    results.push(
      `PostgreSQL database of ${(size / 1e6).toFixed(0)} MB (${rows.toLocaleString('en-US')} + ${Math.round(rows / 4).toLocaleString('en-US')} rows)`,
      `  pg_dump -Fc alone             ${seconds(reference).padStart(9)}   ${(refSize / 1e6).toFixed(0)} MB`,
      `  our backup (to the manifest)  ${seconds(result.backup.durationMs).padStart(9)}   ${(result.backup.size / 1e6).toFixed(0)} MB   ${(result.backup.durationMs / reference).toFixed(2)}× pg_dump (goal ≤ 1.1×; the median of ${pairs.length} pairs: ${pairs.map((p) => `${ratio(p).toFixed(2)}×`).join(', ')})`,
      `  ETA at 50% in each pair: ${pairs.map((p) => p.result.etaError ?? 'none').join(', ')}`,
      `  … with the quick verify       ${seconds(result.totalMs).padStart(9)}`,
      `  full verify (restore + compare) ${seconds(result.verifyMs).padStart(7)}`,
      `  ${result.eta}; memory growth ${result.memoryMb.toFixed(0)} MB (goal ≤ 50 MB)`,
      `  ${result.phases}`,
    );
    record('backup', [
      { what: 'PostgreSQL backup to the manifest', value: result.backup.durationMs / 1000, unit: 's', reference: { what: 'pg_dump -Fc', value: reference / 1000 }, goal: { on: 'ratio', max: 1.1 } },
      { what: 'PostgreSQL backup memory growth', value: result.memoryMb, unit: 'MB', goal: { on: 'value', max: 50 } },
    ]);
  } finally {
    await server.stop();
  }
}

// ── SQLite ───────────────────────────────────────────────────────────────────────────
if (ONLY.has('sqlite')) {
  const file = join(work, 'bench.db');
  const db = new Database(file);
  const rows = Math.round((SIZE_MB * 1024 * 1024) / 200);
  db.exec('PRAGMA journal_mode = WAL; CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, amount REAL, note TEXT, created TEXT)');
  db.prepare("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO orders (customer, amount, note, created) SELECT i % 5000, (i % 100000) / 100.0, hex(randomblob(40)) || printf('%.60c', char(65 + i % 26)), datetime('now', '-' || i || ' seconds') FROM n").run(rows);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  const size = statSync(file).size;
  const cp = timed(() => execFileSync('cp', [file, join(work, 'copy.db')]));
  rmSync(join(work, 'copy.db'), { force: true });
  // A copy left in the page cache is not yet a backup that survives a power cut: cp, then fsync it.
  const cpSync = timed(() => execFileSync('sh', ['-c', 'cp "$1" "$2" && sync "$2"', 'sh', file, join(work, 'copy.db')]));
  const sqlite3 = spawnSync('sqlite3', ['--version']).status === 0 ? timed(() => execFileSync('sqlite3', [file, `.backup ${join(work, 'cli-backup.db')}`])) : null;
  rmSync(join(work, 'copy.db'), { force: true });
  rmSync(join(work, 'cli-backup.db'), { force: true });
  const faster = Math.min(cp, sqlite3 ?? Infinity);
  const result = await ours({ engine: 'sqlite', file, readOnly: false }, 'Checksumming and compressing');
  results.push(
    `SQLite file of ${(size / 1e6).toFixed(0)} MB (${rows.toLocaleString('en-US')} rows)`,
    `  cp                            ${seconds(cp).padStart(9)}`,
    `  cp && sync (durable copy)     ${seconds(cpSync).padStart(9)}`,
    `  sqlite3 .backup               ${sqlite3 === null ? '  (no sqlite3)' : seconds(sqlite3).padStart(9)}`,
    `  our backup (to the manifest)  ${seconds(result.backup.durationMs).padStart(9)}   ${(result.backup.size / 1e6).toFixed(0)} MB zstd   ${(result.backup.durationMs / faster).toFixed(2)}× the faster (goal ≤ 1.2×), ${(result.backup.durationMs / cpSync).toFixed(2)}× cp && sync`,
    `  ${result.phases}`,
    `  … with the quick verify       ${seconds(result.totalMs).padStart(9)}`,
    `  full verify (restore + compare) ${seconds(result.verifyMs).padStart(7)}`,
    `  ${result.eta} (checksum and compression phase); memory growth ${result.memoryMb.toFixed(0)} MB (goal ≤ 50 MB)`,
  );
  record('backup', [
    { what: 'SQLite backup to the manifest', value: result.backup.durationMs / 1000, unit: 's', reference: { what: sqlite3 !== null && sqlite3 < cp ? 'sqlite3 .backup' : 'cp', value: faster / 1000 }, goal: { on: 'ratio', max: 1.2 } },
    { what: 'SQLite backup memory growth', value: result.memoryMb, unit: 'MB', goal: { on: 'value', max: 50 } },
  ]);
}

// ── MariaDB ──────────────────────────────────────────────────────────────────────────
if (ONLY.has('mariadb')) {
  const server = await startMariadb({ database: 'bench' });
  try {
    const rows = Math.round((SIZE_MB * 1024 * 1024) / 250);
    server.rootSql(`USE bench; CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer INT, amount DECIMAL(12,2), note TEXT, created DATETIME);
      INSERT INTO orders (customer, amount, note, created) SELECT seq % 5000, (seq % 100000) / 100.0, CONCAT(MD5(seq), MD5(seq * 7), REPEAT(CHAR(65 + seq % 26), 100)), NOW() - INTERVAL seq SECOND FROM seq_1_to_${rows};
      ANALYZE TABLE orders;`);
    const size = Number(server.rootSql("SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'bench' AND TABLE_NAME = 'orders'").trim());
    const target: ConnectTarget = { engine: 'mysql', host: server.host, port: server.port, user: server.user, password: server.password, database: 'bench', ssl: { mode: 'disable' }, connectTimeoutSeconds: 10 };
    const dumpFile = join(work, 'ref.sql.gz');
    const dump = `mariadb-dump --no-defaults -h ${server.host} -P ${server.port} -u ${server.user} --single-transaction --hex-blob bench | gzip -6 > ${dumpFile}`;
    const reference = timed(() => execFileSync('sh', ['-c', dump], { env: { ...process.env, MYSQL_PWD: server.password } }));
    const refSize = statSync(dumpFile).size;
    rmSync(dumpFile);
    const tool = await ours(target, 'Dumping');
    const missing = (): never => {
      throw new ToolMissingError('mariadb-dump is not installed (bench).');
    };
    const builtIn = await ours(target, 'Dumping', { ...BACKUP_ENGINES, mysql: createMysqlBackup(missing) });
    const line = (what: string, r: Ours) => [
      `  ${what.padEnd(30)}${seconds(r.backup.durationMs).padStart(9)}   ${(r.backup.size / 1e6).toFixed(0)} MB   ${(r.backup.durationMs / reference).toFixed(2)}× mariadb-dump | gzip`,
      `    full verify ${seconds(r.verifyMs)}; ${r.eta}; memory growth ${r.memoryMb.toFixed(0)} MB (goal ≤ 50 MB), ${r.verifyMemoryMb.toFixed(0)} MB by the end of the full verify`,
      `    ${r.phases}`,
    ];
    results.push(
      `MariaDB table of ${(size / 1e6).toFixed(0)} MB (${rows.toLocaleString('en-US')} rows)`,
      `  mariadb-dump | gzip -6 alone  ${seconds(reference).padStart(9)}   ${(refSize / 1e6).toFixed(0)} MB`,
      ...line('ours, through mariadb-dump', tool),
      ...line('ours, built-in logical dump', builtIn),
    );
    record('backup', [
      { what: 'MariaDB backup through mariadb-dump', value: tool.backup.durationMs / 1000, unit: 's', reference: { what: 'mariadb-dump | gzip -6', value: reference / 1000 } },
      { what: 'MariaDB backup, built-in logical dump', value: builtIn.backup.durationMs / 1000, unit: 's', reference: { what: 'mariadb-dump | gzip -6', value: reference / 1000 } },
      { what: 'MariaDB built-in dump memory growth', value: builtIn.memoryMb, unit: 'MB', goal: { on: 'value', max: 50 } },
    ]);
  } finally {
    await server.stop();
  }
}

rmSync(work, { recursive: true, force: true });
console.log(`\nBackups, ~${SIZE_MB} MB per engine (scaled down from the issue's 1 GB), Node ${process.versions.node}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
console.log(results.join('\n'));
