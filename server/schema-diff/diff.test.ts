// What a user relies on beyond the round trip: without "allow drops" nothing only the
// target has is dropped (the drops are listed as skipped), rows survive a SQLite table
// rebuild, and "save as migration" writes the pair under a fresh version.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connect } from '../db/index.ts';
import { collect } from '../testing/query-results.ts';
import { runScript } from '../testing/schema-roundtrip.ts';
import { compareModels } from './compare.ts';
import { diffModels } from './diff.ts';
import { SCHEMA_DIFF_ENGINES } from './engines.ts';
import { readModel } from './read-model.ts';

const dir = mkdtempSync(join(tmpdir(), 'dbt-diff-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function database(name: string, ddl: string) {
  const { default: Database } = await import('better-sqlite3');
  const file = join(dir, name);
  const db = new Database(file);
  db.exec(ddl);
  db.close();
  return connect({ engine: 'sqlite', file, readOnly: false });
}

test('without allowDrops, what only the target has stays (listed as skipped); rows survive the rebuild', async () => {
  const source = await database('a.db', 'CREATE TABLE t (id INTEGER PRIMARY KEY, v REAL NOT NULL DEFAULT 0, added TEXT);');
  const target = await database('b.db', `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, extra TEXT);
    CREATE TABLE old (id INTEGER); CREATE INDEX t_extra ON t (extra); INSERT INTO t VALUES (1, '2.5', 'keep'); INSERT INTO old VALUES (7);`);
  try {
    const engine = SCHEMA_DIFF_ENGINES.sqlite;
    const s = (await readModel(source, 'main')).model;
    const { model: t } = await readModel(target, 'main');
    const result = diffModels(s, t, engine, { allowDrops: false, sessionSchema: 'main' });
    assert.deepEqual(result.skipped.sort(), ['DROP COLUMN of t: extra', 'DROP INDEX of t: t_extra', 'DROP TABLE old']);
    assert.doesNotMatch(result.up, /DROP TABLE "old"|DROP INDEX/);
    assert.ok(result.differences.some((d) => d.key === 'table:old' && d.change === 'removed' && d.destructive));
    assert.ok(result.warnings.some((w) => w.includes('t.v from TEXT to REAL')));

    const session = await target.openSession();
    await runScript(target, session, result.up);
    const rows = await collect(session, 'SELECT id, v, extra, added FROM t');
    assert.deepEqual(rows.rows, [['1', '2.5', 'keep', null]]);
    assert.deepEqual((await collect(session, 'SELECT id FROM old')).rows, [['7']]);
    await session.close();
    const after = (await readModel(target, 'main')).model;
    // Only the drops that were skipped are left.
    assert.deepEqual(compareModels(s, after).map((d) => `${d.key} ${d.change}`).sort(), ['column:t.extra removed', 'index:t.t_extra removed', 'table:old removed']);

    const allowed = diffModels(s, after, engine, { allowDrops: true, sessionSchema: 'main' });
    assert.match(allowed.up, /DROP TABLE "old"/);
    assert.deepEqual(allowed.skipped, []);
  } finally {
    await source.close();
    await target.close();
  }
});

