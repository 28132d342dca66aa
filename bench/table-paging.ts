// The data explorer's paging on a big PostgreSQL table (issue 9's bar: open, jump to the
// last page, sorted by an indexed column — each under 200 ms server time). Each step is
// timed through TableDataService (what a REST call runs: its read-only transaction and the
// keyset query), next to psql's own time (\timing) for the same SELECT, measured in the same run.
//   node bench/table-paging.ts        (ROWS=… to change the default 10,000,000)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { connect } from '../server/db/index.ts';
import type { ConnectTarget } from '../server/db/driver.ts';
import type { CountResponse, DataView } from '../server/protocol/index.ts';
import type { PageFrom } from '../server/table-data/query-builder.ts';
import { TableDataService } from '../server/table-data/service.ts';
import { startPostgres } from '../server/testing/postgres.ts';
import { record } from './results.ts';

const ROWS = Number(process.env.ROWS ?? 10_000_000);
const REPEAT = 5;
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const server = await startPostgres();
try {
  const admin = new pg.Client({ connectionString: server.url });
  admin.on('error', () => {});
  await admin.connect();
  let t = performance.now();
  await admin.query('CREATE UNLOGGED TABLE big (id bigint PRIMARY KEY, score integer NOT NULL, label text NOT NULL)');
  await admin.query(`INSERT INTO big SELECT g, ((g::bigint * 7919) % 1000003)::int, 'row ' || g FROM generate_series(1, ${ROWS}) g`);
  await admin.query('CREATE INDEX big_score ON big (score, id)');
  await admin.query('CREATE TABLE small (id integer PRIMARY KEY)');
  await admin.query('VACUUM (ANALYZE) big'); // as autovacuum would soon: no bulk-load cleanup left running during the timings
  await admin.end();
  console.log(`loaded ${ROWS.toLocaleString()} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const target: ConnectTarget = server.target();
  const driver = await connect(target);
  const service = new TableDataService({ driver: async () => driver, resolve: () => ({ target }) });
  const view = (sort: DataView['sort'] = []): DataView => ({ schema: 'public', table: 'big', filters: [], where: '', sort });
  const psql = (sql: string): number => {
    const out = execFileSync(join(server.binDir, 'psql'), ['-X', '-q', '-h', server.host, '-p', String(server.port), '-U', server.user, '-d', server.database, '-c', '\\timing on', '-c', sql], {
      env: { PATH: process.env.PATH ?? '', PGPASSWORD: server.password },
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
    return Number(/Time: ([\d.]+) ms/.exec(out)![1]);
  };

  const rows: string[] = [];
  const step = async (name: string, sort: DataView['sort'], from: PageFrom) => {
    let page = await service.page('bench', view(sort), from, 200);
    const times: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const started = performance.now();
      page = await service.page('bench', view(sort), from, 200);
      times.push(performance.now() - started);
    }
    const ms = median(times);
    const reference = median(Array.from({ length: REPEAT }, () => psql(page.text)));
    rows.push(`${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms   psql ${reference.toFixed(1).padStart(8)} ms   ${ms < 200 ? 'ok' : 'OVER 200 ms'}`);
    record('table-paging', [{ what: name, value: ms, unit: 'ms', reference: { what: 'psql, same SELECT', value: reference }, goal: { on: 'value', max: 200 } }]);
    return page;
  };

  // Opening a tab: the table's facts, the first page, then the count — on a service with
  // nothing cached: with no connection open yet (the first tab on a database: connecting,
  // with SCRAM authentication, is part of it), and with one open (another tab was opened).
  const openTab = async (warm: boolean) => {
    const times: number[] = [];
    let count: CountResponse = { count: 0, exact: false };
    for (let i = 0; i < REPEAT; i++) {
      const fresh = new TableDataService({ driver: async () => driver, resolve: () => ({ target }) });
      if (warm) await fresh.info('bench', { schema: 'public', table: 'small' });
      const started = performance.now();
      await fresh.info('bench', { schema: 'public', table: 'big' });
      await fresh.page('bench', view(), { at: 'first' }, 200);
      count = await fresh.count('bench', view(), false);
      times.push(performance.now() - started);
      await fresh.close();
    }
    const ms = median(times);
    record('table-paging', [{ what: `open a tab (${warm ? 'connection open' : 'new connection'})`, value: ms, unit: 'ms', goal: { on: 'value', max: 200 } }]);
    rows.push(`${`open (${warm ? 'connection open' : 'new connection'}): info, page, count`.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms   (count ${count.exact ? '' : '≈ '}${count.count?.toLocaleString() ?? 'not counted'})  ${ms < 200 ? 'ok' : 'OVER 200 ms'}`);
  };
  await openTab(false);
  const connectReference = median(Array.from({ length: REPEAT }, () => {
    const started = performance.now();
    psql('SELECT 1');
    return performance.now() - started;
  }));
  rows.push(`${'  reference: psql started, connected, SELECT 1'.padEnd(44)} ${connectReference.toFixed(1).padStart(8)} ms (wall time)`);
  await openTab(true);
  await step('first page (key order)', [], { at: 'first' });
  const last = await step('last page (key order)', [], { at: 'last' });
  await step('page before the last', [], { at: 'before', row: [last.rows[0]![0]!] });
  const byScore = [{ column: 'score', descending: false }];
  const sorted = await step('first page sorted by score (indexed)', byScore, { at: 'first' });
  const cursor = sorted.rows[sorted.rows.length - 1]!;
  await step('next page sorted by score', byScore, { at: 'after', row: [cursor[1]!, cursor[0]!] });
  await step('last page sorted by score', byScore, { at: 'last' });
  await step('last page sorted by score descending', [{ column: 'score', descending: true }], { at: 'last' });
  const middle = String(Math.floor(ROWS / 2));
  await step('page after the middle row (key order)', [], { at: 'after', row: [middle] });

  console.log(`\nData explorer paging on ${ROWS.toLocaleString()} rows (PostgreSQL ${(await driver.serverVersion()).replace(/^PostgreSQL /, '')}), 200 rows a page, median of ${REPEAT}; psql's \\timing for the same SELECT beside:`);
  for (const line of rows) console.log(`  ${line}`);
  await service.close();
  await driver.close();
} catch (error) {
  console.error('bench failed:', error);
  process.exitCode = 1;
} finally {
  await server.stop();
}
