// The migrations suite (migration-suite.ts) on SQLite files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationSuite } from './migration-suite.ts';

let dir = '';
let count = 0;
migrationSuite({
  name: 'SQLite',
  async setup() {
    dir = mkdtempSync(join(tmpdir(), 'dbt-mig-sqlite-'));
  },
  async teardown() {
    rmSync(dir, { recursive: true, force: true });
  },
  async freshTarget() {
    const file = join(dir, `db-${++count}.sqlite`);
    writeFileSync(file, '');
    return { engine: 'sqlite', file, readOnly: false };
  },
  slowSql: 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000000) SELECT count(*) FROM n',
  dirtyOnFailure: false,
  textType: 'TEXT',
});
