// What watching a busy PostgreSQL costs: 200 idle and 20 active sessions (each running
// pg_sleep in a loop), the analytics collector reading every 2 s. Reports the time each
// snapshot takes (its queries' round trips: an upper bound of the database time it costs),
// next to a `SELECT 1` round trip measured in the same run, and this process's CPU while
// monitoring minus its CPU over an equal window without monitoring (the client loops run
// in both), as a share of one core. Goals (issue 12): under 20 ms per snapshot, under 2 %.
//   node bench/analytics-overhead.ts        (SECONDS=… IDLE=… ACTIVE=… to change the defaults)
import pg from 'pg';
import { AnalyticsHub } from '../server/analytics/hub.ts';
import { openMonitor } from '../server/analytics/monitors.ts';
import type { AnalyticsSnapshot } from '../server/protocol/index.ts';
import { startPostgres } from '../server/testing/postgres.ts';
import { record } from './results.ts';

const SECONDS = Number(process.env.SECONDS ?? 30);
const IDLE = Number(process.env.IDLE ?? 200);
const ACTIVE = Number(process.env.ACTIVE ?? 20);

const server = await startPostgres({ maxConnections: IDLE + ACTIVE + 30 });

const clients: pg.Client[] = [];
for (let i = 0; i < IDLE + ACTIVE; i++) {
  const c = new pg.Client({ connectionString: server.url });
  c.on('error', () => {});
  await c.connect();
  clients.push(c);
}
let running = true;
const loops = clients.slice(IDLE).map(async (c) => {
  while (running) await c.query('SELECT pg_sleep(0.5)').catch(() => {});
});

const probe = new pg.Client({ connectionString: server.url });
await probe.connect();
const roundTrips: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  await probe.query('SELECT 1');
  roundTrips.push(performance.now() - t);
}

const cpuOver = async (seconds: number, during?: () => Promise<() => Promise<void>>) => {
  const stop = await during?.();
  const start = process.cpuUsage();
  const t = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const used = process.cpuUsage(start);
  const wall = performance.now() - t;
  await stop?.();
  return (used.user + used.system) / 1000 / wall;
};

const baseline = await cpuOver(SECONDS);
const snapshots: AnalyticsSnapshot[] = [];
const target = { engine: 'postgres' as const, host: server.host, port: server.port, user: server.user, password: server.password, database: server.database, ssl: { mode: 'disable' as const }, connectTimeoutSeconds: 10 };
const hub = new AnalyticsHub({ resolve: () => target, openMonitor, appSessions: () => 0 });
const monitored = await cpuOver(SECONDS, async () => {
  const { unsubscribe } = await hub.subscribe('bench', { intervalSeconds: 2, longQuerySeconds: 30, snapshot: (s) => snapshots.push(s), failed: (e) => console.error(e) });
  return unsubscribe;
});

running = false;
await Promise.all(loops);
await Promise.all([...clients, probe].map((c) => c.end()));
await server.stop();

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const collect = snapshots.slice(1).map((s) => s.collectMs); // the first one also opens the connection's caches
const last = snapshots.at(-1)!;
console.log(`sessions seen: ${last.connections.current} (${last.sessions.map((s) => `${s.count} ${s.state}`).join(', ')}), snapshots: ${snapshots.length}`);
console.log(`snapshot time: median ${quantile(collect, 0.5).toFixed(1)} ms, p95 ${quantile(collect, 0.95).toFixed(1)} ms, max ${Math.max(...collect).toFixed(1)} ms (goal < 20 ms)`);
console.log(`reference SELECT 1 round trip: median ${quantile(roundTrips, 0.5).toFixed(2)} ms`);
console.log(`CPU of this process: ${(baseline * 100).toFixed(2)} % of a core without monitoring, ${(monitored * 100).toFixed(2)} % with; monitoring ≈ ${((monitored - baseline) * 100).toFixed(2)} % (goal < 2 %)`);
record('analytics-overhead', [
  { what: 'snapshot time (median)', value: quantile(collect, 0.5), unit: 'ms', reference: { what: 'SELECT 1 round trip', value: quantile(roundTrips, 0.5) }, goal: { on: 'value', max: 20 } },
  { what: 'monitoring CPU', value: (monitored - baseline) * 100, unit: '%', goal: { on: 'value', max: 2 } },
]);
