// Schema diff of two 1,000-table SQLite schemas (goal: under 2 s), through the real driver
// (both catalogs read, compared, up and down scripts written), next to `sqlite3 .schema`
// dumping the same two files, measured in the same run.
//   node bench/schema-diff.ts          (TABLES=… to change the count)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { connect } from '../server/db/index.ts';
import { diffModels } from '../server/schema-diff/diff.ts';
import { SCHEMA_DIFF_ENGINES } from '../server/schema-diff/engines.ts';
import { readModel } from '../server/schema-diff/read-model.ts';
import { record } from './results.ts';

const TABLES = Number(process.env.TABLES ?? 1000);
const work = mkdtempSync(join(tmpdir(), 'dbt-bench-diff-'));

/** TABLES tables with five columns, a foreign key to the previous one, an index and a check; every tenth differs in the target. */
function build(file: string, changed: boolean): void {
  const db = new Database(file);
  db.exec('BEGIN');
  for (let i = 0; i < TABLES; i++) {
    const differs = changed && i % 10 === 0;
    const ref = i === 0 ? '' : `, parent_id INTEGER REFERENCES t${i - 1} (id)`;
    db.exec(`CREATE TABLE t${i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price ${differs ? 'REAL' : 'NUMERIC(8,2)'} DEFAULT 0, note TEXT${differs ? ', extra TEXT' : ''}${ref}, CHECK (price >= 0))`);
    db.exec(`CREATE INDEX t${i}_name ON t${i} (name${differs ? ', note' : ''})`);
    if (i % 50 === 0) db.exec(`CREATE VIEW v${i} AS SELECT id, name FROM t${i} WHERE price < 10`);
  }
  db.exec('COMMIT');
  db.close();
}

const source = join(work, 'source.db');
const target = join(work, 'target.db');
build(source, false);
build(target, true);

const dumpStarted = performance.now();
for (const file of [source, target]) {
  const dump = spawnSync('sqlite3', [file, '.schema'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (dump.status !== 0) throw new Error(`sqlite3 .schema failed: ${dump.stderr}`);
}
const dumpMs = performance.now() - dumpStarted;

const drivers = await Promise.all([source, target].map((file) => connect({ engine: 'sqlite', file, readOnly: true })));
try {
  let best = Infinity;
  let summary = '';
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const [s, t] = await Promise.all(drivers.map((driver) => readModel(driver, 'main')));
    const result = diffModels(s!.model, t!.model, SCHEMA_DIFF_ENGINES.sqlite, { allowDrops: true, sessionSchema: t!.sessionSchema });
    const ms = performance.now() - started;
    best = Math.min(best, ms);
    summary = `${result.differences.length} differences, up ${result.up.length} chars, down ${result.down.length} chars`;
  }
  console.log(`schema diff of two ${TABLES}-table SQLite schemas: ${(best / 1000).toFixed(2)} s (best of 3; goal < 2 s) — ${summary}`);
  console.log(`reference: sqlite3 .schema of both files: ${(dumpMs / 1000).toFixed(2)} s`);
  record('schema-diff', [{ what: `diff of two ${TABLES}-table SQLite schemas`, value: best / 1000, unit: 's', reference: { what: 'sqlite3 .schema of both', value: dumpMs / 1000 }, goal: { on: 'value', max: 2 } }]);
} finally {
  await Promise.all(drivers.map((driver) => driver.close()));
  rmSync(work, { recursive: true, force: true });
}
