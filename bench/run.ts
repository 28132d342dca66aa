// `npm run bench`: runs every bench in order, then prints ONE summary table — each figure,
// its reference, the ratio, the goal and whether it was met — and writes it to
// bench/results/latest.json, so the next change can be compared with this one. Each bench
// records its figures through bench/results.ts; a bench that fails is named in the
// summary and the others still run. BENCHES=query-stream,startup runs a subset.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../server/fs/atomic-write.ts';
import { goalMet, goalText, ratioOf, RESULTS_ENV, type RecordedFigure } from './results.ts';

const BENCHES = ['startup', 'desktop-server', 'driver-stream', 'query-stream', 'browser-grid', 'backup', 'import', 'analytics-overhead', 'schema-diff', 'table-paging'];
const only = process.env.BENCHES?.split(',');

const dir = mkdtempSync(join(tmpdir(), 'dbt-bench-results-'));
const file = join(dir, 'figures.jsonl');
const failed: string[] = [];
const startedAt = new Date().toISOString();
const loads: number[] = [];
try {
  for (const bench of BENCHES.filter((b) => !only || only.includes(b))) {
    console.log(`\n=== bench/${bench}.ts ===`);
    loads.push(loadavg()[0]!);
    const run = spawnSync(process.execPath, [join(import.meta.dirname, `${bench}.ts`)], { stdio: 'inherit', env: { ...process.env, [RESULTS_ENV]: file } });
    if (run.status !== 0) failed.push(bench);
  }
  loads.push(loadavg()[0]!);
  const figures: RecordedFigure[] = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
  printSummary(figures);
  writeLatest(figures);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed.length) process.exitCode = 1;

function printSummary(figures: RecordedFigure[]): void {
  const rows = figures.map((f) => {
    const ratio = ratioOf(f);
    const met = goalMet(f);
    return [f.bench, f.what, format(f.value, f.unit), f.reference ? `${format(f.reference.value, f.unit)} ${f.reference.what}` : '', ratio === null ? '' : `${ratio.toFixed(2)}×`, goalText(f), met === null ? '' : met ? 'met' : 'NOT MET'];
  });
  const head = ['bench', 'figure', 'value', 'reference (same run)', 'ratio', 'goal', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(`\n=== Summary — load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (2-minute figures swing with it; compare ratios) ===\n`);
  console.log(line(head));
  for (const row of rows) console.log(line(row));
  const missed = figures.filter((f) => goalMet(f) === false).length;
  console.log(`\n${figures.length} figures, ${figures.filter((f) => goalMet(f) === true).length} goals met, ${missed} not met${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`);
}

/** bench/results/latest.json (written atomically). */
function writeLatest(figures: RecordedFigure[]): void {
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  const json = {
    startedAt,
    finishedAt: new Date().toISOString(),
    node: process.versions.node,
    loadAverage: { min: Math.min(...loads), max: Math.max(...loads) },
    failed,
    figures: figures.map((f) => ({ ...f, ratio: ratioOf(f), goalMet: goalMet(f) })),
  };
  writeFileAtomicSync(join(out, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`written to ${join(out, 'latest.json')}`);
}

function format(value: number, unit: string): string {
  if (unit === 's') return `${value.toFixed(2)} s`;
  if (unit === '%') return `${value.toFixed(2)} %`;
  return `${value.toFixed(0)} ${unit}`;
}
