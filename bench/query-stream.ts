// Streaming a large result to a client: 1,000,000 rows from PostgreSQL, MariaDB and SQLite
// through the built server to a websocket client, next to each engine's own CLI writing
// the same rows (psql COPY … TO STDOUT, mariadb -B -N --quick, sqlite3 -csv) measured in
// the same run, plus the
// server's RSS growth while streaming.
//   npm run build && node bench/query-stream.ts        (ROWS=… RUNS=… to change,
//   ONLY=postgres,mysql,sqlite for a subset)
//   SERVER_CPU_PROF=<dir> writes the server's CPU profile there (open it in Chrome DevTools).
// "its children": the CPU of the server's child processes during the run — for SQLite the
// session process, which steps the statement and encodes the rows (and, as each run opens
// a new websocket, is started anew for each run: its start is counted too).
//
// What the profiles said (2026-12, 2 shared cores at load 7–10, so wall times swing ±50%;
// the server's CPU column is the steadier figure):
// - This client was half the cost: it split every cell into a string (the UI indexes them,
//   row-chunks.ts) and the test socket concatenated every frame into one growing string.
// - Server, MariaDB: GC ~30%, mysql2's row parsing (a closure per cell for typeCast) ~25%,
//   then Buffer.from() flattening the += rope of each batch ~15%, the cell loop with a
//   regex per cell ~10%. Encoding straight into a Buffer halved the encode's CPU and took
//   the server from 1.47 s to ~0.7 s CPU per million rows.
// - Flow control polled bufferedAmount every 5 ms above 1 MB; now write callbacks release
//   a 2–4 MB window. RSS growth went from +16–18 MB to +1–2 MB (PostgreSQL, MariaDB).
// - PostgreSQL: pg's own parsing (a DataRow message, an array and a string per cell) was
//   ~half the server's CPU; the session now reads DataRows off the socket and copies their
//   bytes into the frame (db/postgres/wire-tap.ts, packed-rows.ts), and fetches up to 16
//   batches per round trip: server CPU 1.14 s → 0.38 s per million rows (2026-12).
// - PostgreSQL, after that: GC was the server's largest item (~0.3 s per million rows, full
//   GCs of the whole heap set off by external memory: a new 64 KB buffer per socket read);
//   the session's socket now reads into one reused buffer (db/postgres/wire-tap.ts). Fetch
//   round trips are not where the time goes: 4× fewer (8 MB fetches, 8 MB window) measured
//   the same, and the driver alone streams in 1.08× psql COPY. What is left is CPU shared by
//   three processes on two cores — server, backend and this client ~0.3 s each.
// - SQLite: the server is mostly idle, waiting on the session process (rendering cells,
//   BigInts from safeIntegers), not on the shared path.
// - SQLite, 2026-12: encoding bytes in the session process and sending ≤ 60 KB pieces over
//   a dedicated pipe (fd 3) instead of a packed string over IPC did not pay here: the
//   server's CPU doubled (its GC: pipe chunks, copies and frames as external memory) and
//   the session's stayed 1.1–1.5 s, so the wall-time ratio did not improve (README).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startMariadb } from '../server/testing/mariadb.ts';
import { startPostgres } from '../server/testing/postgres.ts';
import { readJson, startServer, type ServerProcess } from '../server/testing/server-process.ts';
import { PackedChunk } from '../app/lib/row-chunks.ts';
import { readFrame } from '../app/lib/row-frames.ts';
import { connect } from '../server/testing/ws-client.ts';
import { record } from './results.ts';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 5);
const ONLY = new Set((process.env.ONLY ?? 'postgres,mysql,sqlite').split(','));
const TABLE_SQL = `SELECT g AS id, 'customer ' || g AS label, round((g % 1000) * 1.37, 2) AS amount, g % 7 = 0 AS flagged FROM generate_series(1, ${ROWS}) g`;
const QUERY = 'SELECT id, label, amount, flagged FROM bench_rows';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

async function main() {
  const postgres = ONLY.has('postgres') ? await startPostgres() : null;
  const maria = ONLY.has('mysql') ? await startMariadb({ database: 'bench' }) : null;
  const dir = mkdtempSync(join(tmpdir(), 'dbt-bench-'));
  const sqliteFile = join(dir, 'bench.db');
  let server: ServerProcess | undefined;
  try {
    if (postgres) {
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      await client.query(`CREATE TABLE bench_rows AS ${TABLE_SQL}; ANALYZE bench_rows;`);
      await client.end();
    }
    execFileSync('sqlite3', [sqliteFile, `CREATE TABLE bench_rows AS WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < ${ROWS})
      SELECT g AS id, 'customer ' || g AS label, round((g % 1000) * 1.37, 2) AS amount, g % 7 = 0 AS flagged FROM s;`]);

    maria?.rootSql(`USE bench; CREATE TABLE bench.bench_rows (id BIGINT, label VARCHAR(40), amount DECIMAL(10,2), flagged BOOL) ENGINE=InnoDB;
      INSERT INTO bench.bench_rows SELECT seq, CONCAT('customer ', seq), ROUND((seq % 1000) * 1.37, 2), seq % 7 = 0 FROM seq_1_to_${ROWS};`);

    server = await startServer(process.env.SERVER_CPU_PROF ? { env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.SERVER_CPU_PROF}` } } : {});
    const post = (body: unknown) => server!.fetch('/api/connections', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server!.baseUrl }, body: JSON.stringify(body) });
    const engines: { engine: string; id: string; reference: () => number; refName: string }[] = [];
    if (postgres) {
      const id = (await readJson(await post({ name: 'bench pg', password: postgres.password, settings: { engine: 'postgres', host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 5 } }))).id;
      const psqlEnv = { ...process.env, PGHOST: postgres.host, PGPORT: String(postgres.port), PGUSER: postgres.user, PGPASSWORD: postgres.password, PGDATABASE: postgres.database };
      const psql = () => time(() => spawnSync(join(postgres.binDir, 'psql'), ['-X', '-q', '-c', `COPY (${QUERY}) TO STDOUT`], { env: psqlEnv, stdio: ['ignore', 'ignore', 'inherit'] }));
      engines.push({ engine: 'PostgreSQL', id, reference: psql, refName: 'psql COPY TO STDOUT' });
    }
    if (maria) {
      const id = (await readJson(await post({ name: 'bench maria', password: maria.password, settings: { engine: 'mysql', host: maria.host, port: maria.port, database: maria.database, user: maria.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 5 } }))).id;
      // The password in the environment: a benchmark's throwaway server.
      const mariaEnv = { ...process.env, MYSQL_PWD: maria.password };
      const mariadb = () => time(() => spawnSync(maria.client, ['--no-defaults', '-h', maria.host, '-P', String(maria.port), '-u', maria.user, '-D', maria.database, '-B', '-N', '--quick', '-e', QUERY], { env: mariaEnv, stdio: ['ignore', 'ignore', 'inherit'] }));
      engines.push({ engine: 'MariaDB', id, reference: mariadb, refName: 'mariadb -B -N --quick' });
    }
    if (ONLY.has('sqlite')) {
      const id = (await readJson(await post({ name: 'bench sqlite', settings: { engine: 'sqlite', file: sqliteFile, readOnly: true } }))).id;
      const sqlite3 = () => time(() => spawnSync('sqlite3', ['-csv', sqliteFile, QUERY], { stdio: ['ignore', 'ignore', 'inherit'] }));
      engines.push({ engine: 'SQLite', id, reference: sqlite3, refName: 'sqlite3 -csv' });
    }

    const rows: string[][] = [];
    for (const { engine, id, reference, refName } of engines) {
      await streamOnce(server, id); // warm-up: connection, plan, code caches
      const ours: number[] = [];
      const growth: number[] = [];
      const cpu: number[] = [];
      const childCpu: number[] = [];
      const theirs: number[] = [];
      // Ours and the CLI taking turns: on a shared machine both then see the same load.
      for (let i = 0; i < RUNS; i++) {
        const r = await streamOnce(server, id);
        ours.push(r.ms);
        growth.push(r.rssGrowthMb);
        cpu.push(r.serverCpuMs);
        childCpu.push(r.childrenCpuMs);
        theirs.push(reference());
      }
      record('query-stream', [
        { what: `${engine}: server → websocket client`, value: median(ours) / 1000, unit: 's', reference: { what: refName, value: median(theirs) / 1000 }, goal: { on: 'ratio', max: 1.5 } },
        { what: `${engine}: server RSS growth while streaming`, value: median(growth), unit: 'MB', goal: { on: 'value', max: 50 } },
      ]);
      rows.push([`${engine}: DB Toolkit → websocket`, `${(median(ours) / 1000).toFixed(2)} s`, `${(median(ours) / median(theirs)).toFixed(2)}×`, `+${median(growth).toFixed(0)} MB`, `${(median(cpu) / 1000).toFixed(2)} s`, `${(median(childCpu) / 1000).toFixed(2)} s`]);
      rows.push([`${engine}: ${refName}`, `${(median(theirs) / 1000).toFixed(2)} s`, '1.00×', '', '', '']);
    }
    console.log(`\n${ROWS.toLocaleString('en')} rows (id int, label text, amount numeric, flagged bool), median of ${RUNS} runs, Node ${process.versions.node}\n`);
    console.log(`${'what'.padEnd(42)} ${'time'.padStart(8)} ${'vs CLI'.padStart(8)} ${'server RSS growth'.padStart(18)} ${'server CPU'.padStart(11)} ${'its children'.padStart(13)}`);
    for (const r of rows) console.log(`${r[0]!.padEnd(42)} ${r[1]!.padStart(8)} ${r[2]!.padStart(8)} ${r[3]!.padStart(18)} ${r[4]!.padStart(11)} ${r[5]!.padStart(13)}`);
  } finally {
    await server?.stop();
    await postgres?.stop();
    await maria?.stop();
  }
}

/**
 * Streams the whole result to a websocket client that decodes every message like the UI
 * (app/lib/query-run.ts): a row batch is kept as its bytes (row-frames.ts, row-chunks.ts),
 * not decoded or split into cell strings. (Until 2026-12 this client split every cell and the test socket
 * also concatenated every binary frame into one growing string: the client, not the
 * server, was then the slower side.)
 */
async function streamOnce(server: ServerProcess, connectionId: string): Promise<{ ms: number; rssGrowthMb: number; serverCpuMs: number; childrenCpuMs: number }> {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) / 1024;
  // utime + stime in clock ticks (1/100 s): the server's own CPU, less noisy than wall time on a shared machine.
  const cpuMs = (pid = server.child.pid!) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).reduce((a, b) => a + Number(b) * 10, 0);
  // The server's child processes (SQLite's session process does the reading and encoding there).
  const children = () => readdirSync(`/proc/${server.child.pid}/task`).flatMap((task) => readFileSync(`/proc/${server.child.pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  const childCpuMs = () => new Map(children().map((pid) => [pid, cpuMs(pid)]));
  let received = 0;
  let columns = 0;
  const socket = await connect(server.port, '/ws/query', { headers: { Authorization: `Bearer ${server.token}` } }, (frame) => {
    const { header, payload } = readFrame(frame);
    received += new PackedChunk(payload, header.count, columns).length;
    return { type: 'rows_received' };
  });
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 10);
  const started = performance.now();
  const cpuBefore = cpuMs();
  const childCpuBefore = childCpuMs();
  const done = new Promise<void>((resolve, reject) => {
    socket.ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const m = JSON.parse(data.toString());
      if (m.type === 'columns') columns = m.columns.length;
      else if (m.type === 'rows') received += m.rows.length;
      else if (m.type === 'query_done') resolve();
      else if (m.type === 'query_error' || m.type === 'error') reject(new Error(m.message));
    });
  });
  socket.sendJson({ type: 'run', id: 'bench', connectionId, sessionId: 'bench', sql: QUERY, fetchRows: Number.MAX_SAFE_INTEGER, batchSize: 5000 });
  await done;
  const ms = performance.now() - started;
  const serverCpuMs = cpuMs() - cpuBefore;
  let childrenCpuMs = 0;
  for (const [pid, ms] of childCpuMs()) childrenCpuMs += ms - (childCpuBefore.get(pid) ?? 0);
  clearInterval(sampler);
  socket.close();
  if (received !== ROWS) throw new Error(`received ${received} rows, expected ${ROWS}`);
  return { ms, rssGrowthMb: peak - before, serverCpuMs, childrenCpuMs };
}

await main();
