// Streaming 1,000,000 rows through each driver's query session, next to the engine's own
// CLI writing the same rows to /dev/null, measured in the same run on the same data:
//   PostgreSQL: the driver vs psql -c "COPY (…) TO STDOUT" (and psql's own SELECT output)
//   MariaDB:    the driver vs mariadb -B -N --quick -e "SELECT …"
//   SQLite:     the driver vs sqlite3 -csv
// Time is wall-clock from start to last row. Memory: for the driver, how much the RSS of
// this process and its workers grew while streaming (it must not hold the result); for
// a CLI, its peak RSS (VmHWM).
//   node bench/driver-stream.ts            (ROWS=… RUNS=… to change the defaults)
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Driver } from '../server/db/driver.ts';
import { connect } from '../server/db/index.ts';
import { processTreeRssBytes } from '../server/testing/memory.ts';
import { startMariadb } from '../server/testing/mariadb.ts';
import { startPostgres } from '../server/testing/postgres.ts';
import { record as recordFigures } from './results.ts';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const BATCH = 1000;
const SELECT = 'SELECT id, name, amount, created FROM bench ORDER BY id';

interface Measurement {
  ms: number;
  memoryMb: number;
}

async function throughDriver(driver: Driver): Promise<Measurement> {
  const session = await driver.openSession();
  try {
    for await (const _ of session.run(`${SELECT} LIMIT 20000`, { batchSize: BATCH })); // warm up
    const baseline = processTreeRssBytes();
    let peak = baseline;
    let rows = 0;
    let batches = 0;
    const started = performance.now();
    for await (const event of session.run(SELECT, { batchSize: BATCH })) {
      if (event.kind !== 'rows') continue;
      rows += event.rows.length;
      if (++batches % 50 === 0) peak = Math.max(peak, processTreeRssBytes());
    }
    const ms = performance.now() - started;
    if (rows !== ROWS) throw new Error(`the driver returned ${rows} rows, not ${ROWS}`);
    return { ms, memoryMb: (Math.max(peak, processTreeRssBytes()) - baseline) / 1024 / 1024 };
  } finally {
    await session.close();
  }
}

/** Runs a CLI with stdout to /dev/null; its time and peak RSS. */
function throughCli(command: string, args: string[], env: Record<string, string> = {}): Promise<Measurement> {
  const devNull = openSync('/dev/null', 'w');
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', devNull, 'pipe'], env: { ...process.env, ...env } });
  closeSync(devNull);
  let peakKb = 0;
  let stderr = '';
  const sample = () => {
    try {
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // exited
    }
  };
  const poll = setInterval(sample, 5);
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(poll);
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`${command} failed (exit ${code}): ${stderr}`));
      else resolve({ ms, memoryMb: peakKb / 1024 });
    });
  });
}

async function median(measure: () => Promise<Measurement>): Promise<Measurement> {
  const results: Measurement[] = [];
  for (let i = 0; i < RUNS; i++) results.push(await measure());
  const middle = <T>(xs: T[], key: (x: T) => number) => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
  return { ms: middle(results, (r) => r.ms).ms, memoryMb: middle(results, (r) => r.memoryMb).memoryMb };
}

const lines: { engine: string; what: string; result: Measurement; memory: string }[] = [];
const record = (engine: string, what: string, result: Measurement, memory: string) => lines.push({ engine, what, result, memory });

// PostgreSQL
const server = await startPostgres();
const dir = mkdtempSync(join(tmpdir(), 'dbt-bench-stream-'));
try {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE TABLE bench AS SELECT g AS id, 'customer ' || g AS name, round(g * 0.37, 2) AS amount,
    timestamp '2024-01-01' + g * interval '1 minute' AS created FROM generate_series(1, ${ROWS}) g`);
  await admin.query('ALTER TABLE bench ADD PRIMARY KEY (id)');
  await admin.query('VACUUM ANALYZE bench');
  await admin.end();
  const pgDriver = await connect(server.target());
  const psql = join(server.binDir, 'psql');
  const psqlArgs = ['-X', '-h', server.host, '-p', String(server.port), '-U', server.user, '-d', server.database];
  const psqlEnv = { PGPASSWORD: server.password };
  try {
    record('PostgreSQL', `driver session (pg-cursor, ${BATCH}-row batches)`, await median(() => throughDriver(pgDriver)), 'RSS growth');
  } finally {
    await pgDriver.close();
  }
  record('PostgreSQL', 'psql -c "COPY (SELECT …) TO STDOUT"', await median(() => throughCli(psql, [...psqlArgs, '-c', `COPY (${SELECT}) TO STDOUT`], psqlEnv)), 'peak RSS');
  record('PostgreSQL', 'psql -At -c "SELECT …" (holds the result)', await median(() => throughCli(psql, [...psqlArgs, '-At', '-c', SELECT], psqlEnv)), 'peak RSS');

  // MariaDB: the same rows in InnoDB.
  const maria = await startMariadb({ database: 'bench' });
  try {
    maria.rootSql(`USE bench; CREATE TABLE bench.bench (id BIGINT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(12,2), created DATETIME);
      INSERT INTO bench.bench SELECT seq, CONCAT('customer ', seq), ROUND(seq * 0.37, 2), '2024-01-01' + INTERVAL seq MINUTE FROM seq_1_to_${ROWS};`);
    const mariaDriver = await connect({ engine: 'mysql', host: maria.host, port: maria.port, user: maria.user, password: maria.password, database: maria.database, ssl: { mode: 'disable' }, connectTimeoutSeconds: 10 });
    try {
      record('MariaDB', `driver session (mysql2, ${BATCH}-row batches)`, await median(() => throughDriver(mariaDriver)), 'RSS growth');
    } finally {
      await mariaDriver.close();
    }
    const cliArgs = ['--no-defaults', '-h', maria.host, '-P', String(maria.port), '-u', maria.user, '-D', maria.database, '-B', '-N', '--quick', '-e', SELECT];
    // The password in the environment: a benchmark's throwaway server.
    record('MariaDB', 'mariadb -B -N --quick -e "SELECT …"', await median(() => throughCli(maria.client, cliArgs, { MYSQL_PWD: maria.password })), 'peak RSS');
  } finally {
    await maria.stop();
  }

  // SQLite: the same rows in a file.
  const file = join(dir, 'bench.db');
  const db = new Database(file);
  db.exec(`CREATE TABLE bench (id INTEGER PRIMARY KEY, name TEXT, amount REAL, created TEXT);
    INSERT INTO bench WITH RECURSIVE c(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM c WHERE id < ${ROWS})
      SELECT id, 'customer ' || id, round(id * 0.37, 2), datetime('2024-01-01', '+' || id || ' minutes') FROM c;`);
  db.close();
  const sqliteDriver = await connect({ engine: 'sqlite', file, readOnly: true });
  try {
    record('SQLite', `driver session (worker process, ${BATCH}-row batches)`, await median(() => throughDriver(sqliteDriver)), 'RSS growth');
  } finally {
    await sqliteDriver.close();
  }
  record('SQLite', 'sqlite3 -csv', await median(() => throughCli('sqlite3', ['-csv', file, SELECT])), 'peak RSS');
} finally {
  rmSync(dir, { recursive: true, force: true });
  await server.stop();
}

console.log(`\nStreaming ${ROWS.toLocaleString('en-US')} rows (id, name, amount, created) — median of ${RUNS} runs, Node ${process.versions.node}\n`);
console.log(`${'engine'.padEnd(11)} ${'how'.padEnd(48)} ${'time'.padStart(8)} ${'rows/s'.padStart(11)} ${'memory'.padStart(10)}`);
for (const { engine, what, result, memory } of lines) {
  const rate = Math.round(ROWS / (result.ms / 1000)).toLocaleString('en-US');
  console.log(`${engine.padEnd(11)} ${what.padEnd(48)} ${`${(result.ms / 1000).toFixed(2)} s`.padStart(8)} ${rate.padStart(11)} ${`${result.memoryMb.toFixed(0)} MB`.padStart(10)}  (${memory})`);
}
// For the summary: each driver next to its engine's CLI streaming the same rows (the first CLI line).
recordFigures('driver-stream', [...new Set(lines.map((l) => l.engine))].map((engine) => {
  const [driver, cli] = lines.filter((l) => l.engine === engine) as [(typeof lines)[0], (typeof lines)[0]];
  return { what: `${engine}: ${driver.what}`, value: driver.result.ms / 1000, unit: 's', reference: { what: cli.what, value: cli.result.ms / 1000 } };
}));
