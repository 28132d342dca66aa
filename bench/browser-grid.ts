/// <reference lib="dom" />
// A million rows in the real UI (issue 14, item 1): Playwright drives Chromium through the
// SQL page as a user would — type the query, Ctrl+Enter, "Fetch all" as soon as it is
// offered, wait for the row count — timed in the page from the keypress to the last row
// shown, for PostgreSQL and SQLite, next to the engine's own CLI writing the same rows
// (psql COPY … TO STDOUT, sqlite3 -csv) measured in the same run. Also: first rows visible
// after the keypress, JS heap once the rows are in (after a GC), scroll fps from top to
// bottom, and long tasks (> 50 ms, the longest reported) while rows arrive.
//   npm run build && node bench/browser-grid.ts        (ROWS=… RUNS=… ENGINE=sqlite PROFILE=1 VERBOSE=1
//   TRACE=file TRACE_SCROLL=file SCREENSHOT=file.png to change)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { startPostgres } from '../server/testing/postgres.ts';
import { readJson, startServer, type ServerProcess } from '../server/testing/server-process.ts';
import { record } from './results.ts';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const PROFILE = process.env.PROFILE === '1';
/** One engine only (postgresql, sqlite), to measure a change quickly. */
const ENGINE = process.env.ENGINE?.toLowerCase();
const TABLE_SQL = `SELECT g AS id, 'customer ' || g AS label, round((g % 1000) * 1.37, 2) AS amount, g % 7 = 0 AS flagged FROM generate_series(1, ${ROWS}) g`;
const QUERY = 'SELECT id, label, amount, flagged FROM bench_rows';
const GOALS = { ratio: 3, firstRowsMs: 150, heapMb: 150, fps: 55, longTaskMs: 100 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

interface Measure {
  totalMs: number;
  firstRowsMs: number;
  heapMb: number;
  /** The grid's estimate of its rows' memory (text and index), which may be outside the V8 heap. */
  rowsMb: number;
  fps: number;
  longTasks: number;
  longestTaskMs: number;
}

/** In the page before it loads: timestamps from the keypress, "Fetch all" clicked when offered, long tasks. */
const PAGE_PROBE = (expected: string) => {
  const w = window as unknown as Record<string, unknown> & { __bench: { t0: number; first: number; done: number; longTasks: number[]; firstFrame: number; lastFrame: number; frames: number } };
  w.__bench = { t0: 0, first: 0, done: 0, longTasks: [], firstFrame: 0, lastFrame: 0, frames: 0 } as typeof w.__bench;
  // When the first and last row batches reached the page: splits "first rows" and the total
  // into server + wire and the page's own work.
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (e) => {
        if (!w.__bench.t0 || w.__bench.done || typeof e.data === 'string') return;
        w.__bench.lastFrame = performance.now();
        w.__bench.frames++;
        w.__bench.firstFrame ||= w.__bench.lastFrame;
      });
    }
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (w.__bench.t0 && !w.__bench.done) w.__bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: false });
  window.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || w.__bench.t0) return;
    w.__bench.t0 = performance.now();
    // Looks at the page when its DOM changes (not in a requestAnimationFrame loop: querying
    // every button on every frame, and the frames it forced, were a tenth of the page's
    // work while rows arrived); a time is taken in the next frame, the one that paints it.
    let firstSeen = false;
    const check = () => {
      const b = w.__bench;
      // The new result's first cell (not the warm-up's: its header has a `label` column).
      if (!firstSeen && document.querySelector('[role=grid] [data-row="0"] [data-col="0"]') && document.querySelector('[role=columnheader][title^="label "]')) {
        firstSeen = true;
        requestAnimationFrame(() => (b.first = performance.now()));
      }
      const fetchAll = [...document.querySelectorAll('button')].find((el) => el.textContent === 'Fetch all');
      fetchAll?.click();
      if (document.querySelector('[data-testid=row-count]')?.textContent === expected) {
        observer.disconnect();
        requestAnimationFrame(() => (b.done = performance.now()));
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  }, true);
};

async function measureOnce(browser: Browser, server: ServerProcess, connectionId: string): Promise<Measure> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.addInitScript(PAGE_PROBE, `${ROWS.toLocaleString('en')} rows`);
    await page.goto(`${server.baseUrl}/sql?connection=${connectionId}&token=${server.token}`);
    await page.getByTestId('sql-editor').locator('.cm-content').click();
    // The tab's session is opened by its first query (a database connection, or SQLite's
    // session process): a user's tab has one already, so the timed run starts warm.
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('SELECT 1 AS warm');
    await page.getByRole('button', { name: '▶ Run' }).click(); // a click: only Ctrl+Enter starts the clock
    await page.getByRole('gridcell', { name: '1', exact: true }).waitFor();
    await page.getByTestId('sql-editor').locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(QUERY);
    await page.waitForTimeout(300); // the page settles (autocomplete schema, save)
    const cdp = PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    // Playwright sets up its helper script in the page on the first waitForFunction: here, not in the timed run.
    await page.waitForFunction(() => true);
    const cpuBefore = await browserCpu(browser);
    if (process.env.TRACE) await browser.startTracing(page, { path: process.env.TRACE, categories: ['devtools.timeline', 'toplevel', 'v8', 'blink', 'disabled-by-default-devtools.timeline', 'net', 'mojom'] });
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => (window as unknown as { __bench: { done: number } }).__bench.done > 0, null, { timeout: 300_000, polling: 200 });
    if (process.env.TRACE) await browser.stopTracing();
    const cpuAfter = await browserCpu(browser);
    if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT.replace('.png', `-${connectionId.slice(0, 8)}.png`) });
    if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
    const b = await page.evaluate(() => (window as unknown as { __bench: { t0: number; first: number; done: number; longTasks: number[]; firstFrame: number; lastFrame: number; frames: number } }).__bench);
    if (process.env.VERBOSE) {
      console.log(`  first frame ${(b.firstFrame - b.t0).toFixed(0)} ms, first rows shown ${(b.first - b.t0).toFixed(0)} ms; ` +
        `last of ${b.frames} frames ${(b.lastFrame - b.t0).toFixed(0)} ms, last row shown ${(b.done - b.t0).toFixed(0)} ms; ` +
        `CPU ${[...cpuAfter].map(([type, s]) => `${type} ${(s - (cpuBefore.get(type) ?? 0)).toFixed(2)} s`).join(', ')}`);
    }
    const session = await page.context().newCDPSession(page);
    await session.send('HeapProfiler.collectGarbage');
    const { usedSize } = await session.send('Runtime.getHeapUsage');
    // Text decoded from frames may live outside the V8 heap (external strings): count the
    // page's own estimate of the rows' memory too, and report the larger.
    const rowsBytes = await page.evaluate(() => Number(document.querySelector('[role=grid]')?.getAttribute('data-bytes') ?? 0));
    if (process.env.TRACE_SCROLL) await browser.startTracing(page, { path: process.env.TRACE_SCROLL, categories: ['devtools.timeline', 'toplevel', 'v8', 'blink', 'disabled-by-default-devtools.timeline'] });
    const fps = await scrollFps(page);
    if (process.env.TRACE_SCROLL) await browser.stopTracing();
    return {
      totalMs: b.done - b.t0,
      firstRowsMs: b.first - b.t0,
      heapMb: usedSize / 1024 / 1024,
      rowsMb: rowsBytes / 1024 / 1024,
      fps,
      longTasks: b.longTasks.length,
      longestTaskMs: Math.max(0, ...b.longTasks),
    };
  } finally {
    await page.close();
  }
}

/** CPU seconds used so far by Chromium's processes, by type (renderer, browser, GPU, utility: the network service). */
async function browserCpu(browser: Browser): Promise<Map<string, number>> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await session.send('SystemInfo.getProcessInfo');
    const byType = new Map<string, number>();
    for (const p of processInfo) byType.set(p.type, (byType.get(p.type) ?? 0) + p.cpuTime);
    return byType;
  } finally {
    await session.detach();
  }
}

/** Frames per second while the grid scrolls from the top to the bottom in 3 s. */
async function scrollFps(page: Page): Promise<number> {
  return page.getByRole('grid').evaluate(async (grid) => {
    grid.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(r));
    const span = grid.scrollHeight - grid.clientHeight;
    const duration = 3000;
    const started = performance.now();
    let frames = 0;
    await new Promise<void>((resolve) => {
      const step = (now: number) => {
        frames++;
        const t = Math.min(1, (now - started) / duration);
        grid.scrollTop = span * t;
        if (t < 1) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
    return frames / ((performance.now() - started) / 1000);
  });
}

/** The functions that took the most time (self time) during one run. */
function printProfile(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] }) {
  const self = new Map<number, number>();
  profile.samples?.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber}`;
    byName.set(name, (byName.get(name) ?? 0) + (self.get(node.id) ?? 0));
  }
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  console.log('\nProfile (self time, top 15):');
  for (const [name, us] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${(us / 1000).toFixed(0).padStart(6)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
}

async function main() {
  const postgres = await startPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'dbt-bench-'));
  const sqliteFile = join(dir, 'bench.db');
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  try {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(`CREATE TABLE bench_rows AS ${TABLE_SQL}; ANALYZE bench_rows;`);
    await client.end();
    execFileSync('sqlite3', [sqliteFile, `CREATE TABLE bench_rows AS WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < ${ROWS})
      SELECT g AS id, 'customer ' || g AS label, round((g % 1000) * 1.37, 2) AS amount, g % 7 = 0 AS flagged FROM s;`]);

    server = await startServer();
    const post = (body: unknown) => server!.fetch('/api/connections', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server!.baseUrl }, body: JSON.stringify(body) });
    const pgId = (await readJson(await post({ name: 'bench pg', password: postgres.password, settings: { engine: 'postgres', host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user, ssl: { mode: 'disable' }, connectTimeoutSeconds: 5 } }))).id;
    const sqliteId = (await readJson(await post({ name: 'bench sqlite', settings: { engine: 'sqlite', file: sqliteFile, readOnly: true } }))).id;

    const psqlEnv = { ...process.env, PGHOST: postgres.host, PGPORT: String(postgres.port), PGUSER: postgres.user, PGPASSWORD: postgres.password, PGDATABASE: postgres.database };
    const psql = () => time(() => spawnSync(join(postgres.binDir, 'psql'), ['-X', '-q', '-c', `COPY (${QUERY}) TO STDOUT`], { env: psqlEnv, stdio: ['ignore', 'ignore', 'inherit'] }));
    const sqlite3 = () => time(() => spawnSync('sqlite3', ['-csv', sqliteFile, QUERY], { stdio: ['ignore', 'ignore', 'inherit'] }));

    const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-precise-memory-info'] });

    const lines: string[][] = [];
    const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');
    const engines = [['PostgreSQL', pgId, psql, 'psql COPY TO STDOUT'], ['SQLite', sqliteId, sqlite3, 'sqlite3 -csv']] as const;
    for (const [engine, id, reference, refName] of engines.filter(([name]) => !ENGINE || name.toLowerCase() === ENGINE)) {
      const runs: Measure[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measureOnce(browser, server, id));
      const theirs = median(Array.from({ length: RUNS }, reference));
      const m = (key: keyof Measure) => median(runs.map((r) => r[key]));
      const ratio = m('totalMs') / theirs;
      lines.push([`${engine}: keypress → last row in the grid`, `${(m('totalMs') / 1000).toFixed(2)} s`, `${ratio.toFixed(2)}× ${refName} (${(theirs / 1000).toFixed(2)} s)`, `≤ ${GOALS.ratio}× ${ok(ratio <= GOALS.ratio)}`]);
      lines.push([`${engine}: first rows visible`, `${m('firstRowsMs').toFixed(0)} ms`, '', `≤ ${GOALS.firstRowsMs} ms ${ok(m('firstRowsMs') <= GOALS.firstRowsMs)}`]);
      const memory = m('heapMb') + m('rowsMb'); // counts the row text twice when it is in the heap: an upper bound
      lines.push([`${engine}: JS heap with all rows`, `${m('heapMb').toFixed(0)} MB + ${m('rowsMb').toFixed(0)} MB rows`, 'V8 heap after GC + the rows\' own estimate', `≤ ${GOALS.heapMb} MB ${ok(memory <= GOALS.heapMb)}`]);
      lines.push([`${engine}: scroll top → bottom`, `${m('fps').toFixed(0)} fps`, '', `≥ ${GOALS.fps} ${ok(m('fps') >= GOALS.fps)}`]);
      record('browser-grid', [
        { what: `${engine}: keypress → last row in the grid`, value: m('totalMs') / 1000, unit: 's', reference: { what: refName, value: theirs / 1000 }, goal: { on: 'ratio', max: GOALS.ratio } },
        { what: `${engine}: first rows visible`, value: m('firstRowsMs'), unit: 'ms', goal: { on: 'value', max: GOALS.firstRowsMs } },
        { what: `${engine}: JS heap + rows with all rows`, value: memory, unit: 'MB', goal: { on: 'value', max: GOALS.heapMb } },
        { what: `${engine}: scroll top → bottom`, value: m('fps'), unit: 'fps', goal: { on: 'value', min: GOALS.fps } },
        { what: `${engine}: longest task while rows arrive`, value: m('longestTaskMs'), unit: 'ms', goal: { on: 'value', max: GOALS.longTaskMs } },
      ]);
      lines.push([`${engine}: long tasks while rows arrive`, `${m('longTasks')} (longest ${m('longestTaskMs').toFixed(0)} ms)`, '', `none > ${GOALS.longTaskMs} ms ${ok(m('longestTaskMs') <= GOALS.longTaskMs)}`]);
    }
    console.log(`\n${ROWS.toLocaleString('en')} rows × 4 columns in Chromium ${browser.version()}, median of ${RUNS} runs, references measured in this run\n`);
    for (const l of lines) console.log(`${l[0]!.padEnd(44)} ${l[1]!.padStart(22)}  ${l[2]!.padEnd(40)} ${l[3]}`);
  } finally {
    await browser?.close();
    await server?.stop();
    await postgres.stop();
  }
}

await main();
