// SQLite's table statistics: page bytes per table and per index from the dbstat virtual
// table, and row counts — exact for tables small enough to count quickly, else
// sqlite_stat1's estimate when ANALYZE has run. SQLite keeps no scan or maintenance counts.
import Database from 'better-sqlite3';
import type { TableStatistics } from '../../protocol/index.ts';
import { ConnectError } from '../errors.ts';
import type { TargetOf } from '../driver.ts';

/** Tables up to this many bytes are counted exactly (a count reads every page). */
const EXACT_COUNT_BYTES = 64 * 1024 * 1024;

export async function sqliteTableStatistics(target: TargetOf<'sqlite'>, limit: number): Promise<TableStatistics> {
  let db: Database.Database;
  try {
    db = new Database(target.file, { readonly: true, fileMustExist: true, timeout: 200 });
  } catch (error) {
    throw new ConnectError(`Cannot open ${target.file}: ${(error as Error).message}`);
  }
  try {
    const bytes = new Map(db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all().map((r) => {
      const row = r as { name: string; bytes: number };
      return [row.name, row.bytes];
    }));
    const indexes = db.prepare("SELECT name, tbl_name AS tableName FROM sqlite_schema WHERE type = 'index'").all() as { name: string; tableName: string }[];
    const estimates = readStat1(db);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all() as { name: string }[];
    const stats = tables.map(({ name }) => {
      const tableBytes = bytes.get(name) ?? 0;
      const indexBytes = indexes.filter((i) => i.tableName === name).reduce((sum, i) => sum + (bytes.get(i.name) ?? 0), 0);
      const exact = tableBytes <= EXACT_COUNT_BYTES;
      const rows = exact ? Number((db.prepare(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as { n: number }).n) : estimates.get(name) ?? null;
      return {
        schema: 'main', name, rows, rowsEstimated: !exact && rows !== null, deadRows: null,
        tableBytes, indexBytes, toastBytes: null, totalBytes: tableBytes + indexBytes,
        lastVacuum: null, lastAnalyze: null, seqScans: null, indexScans: null,
      };
    });
    stats.sort((a, b) => b.totalBytes - a.totalBytes || a.name.localeCompare(b.name));
    return {
      tables: stats.slice(0, limit),
      unusedIndexes: null,
      note: 'SQLite keeps no scan, vacuum or analyze history; sizes are the pages each table and its indexes use.',
    };
  } finally {
    db.close();
  }
}

/** sqlite_stat1's row estimate per table (its `stat` starts with the row count), when ANALYZE has run. */
function readStat1(db: Database.Database): Map<string, number> {
  const present = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get();
  if (!present) return new Map();
  const rows = db.prepare('SELECT tbl, stat FROM sqlite_stat1 WHERE idx IS NULL OR idx = tbl').all() as { tbl: string; stat: string }[];
  return new Map(rows.map((r) => [r.tbl, Number.parseInt(r.stat, 10)]));
}
