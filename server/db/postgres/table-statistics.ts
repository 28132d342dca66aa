// PostgreSQL's table statistics: pg_stat_user_tables for rows, dead rows, maintenance and
// scans (the cumulative statistics system, since its last reset), sizes from the
// relation-size functions (table = heap with its free-space and visibility maps), and non-unique indexes no scan has used.
import type { TableStatistics } from '../../protocol/index.ts';
import { num } from '../../analytics/monitor.ts';
import type { TargetOf } from '../driver.ts';
import { negotiate } from './connect.ts';

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const TABLES = `
SELECT s.schemaname AS schema, s.relname AS name, s.n_live_tup::float8 AS rows, s.n_dead_tup::float8 AS dead,
       (pg_table_size(s.relid) - t.toast)::float8 AS table_bytes, pg_indexes_size(s.relid)::float8 AS index_bytes, t.toast::float8 AS toast_bytes,
       pg_total_relation_size(s.relid)::float8 AS total_bytes,
       ${iso('greatest(s.last_vacuum, s.last_autovacuum)')} AS last_vacuum,
       ${iso('greatest(s.last_analyze, s.last_autoanalyze)')} AS last_analyze,
       s.seq_scan::float8 AS seq_scans, s.idx_scan::float8 AS index_scans
FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
     CROSS JOIN LATERAL (SELECT CASE WHEN c.reltoastrelid = 0 THEN 0 ELSE pg_total_relation_size(c.reltoastrelid) END AS toast) t
ORDER BY pg_total_relation_size(s.relid) DESC, s.schemaname, s.relname
LIMIT $1`;

const UNUSED_INDEXES = `
SELECT s.schemaname AS schema, s.relname AS table, s.indexrelname AS name, pg_relation_size(s.indexrelid)::float8 AS bytes
FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
ORDER BY pg_relation_size(s.indexrelid) DESC, s.schemaname, s.relname, s.indexrelname`;

export async function postgresTableStatistics(target: TargetOf<'postgres'>, limit: number): Promise<TableStatistics> {
  const { client } = await negotiate(target);
  client.on('error', () => {});
  try {
    const tables = await client.query(TABLES, [limit]);
    const unused = await client.query(UNUSED_INDEXES);
    return {
      tables: tables.rows.map((r) => ({
        schema: r.schema, name: r.name, rows: num(r.rows), rowsEstimated: true, deadRows: num(r.dead),
        tableBytes: num(r.table_bytes), indexBytes: num(r.index_bytes), toastBytes: num(r.toast_bytes), totalBytes: num(r.total_bytes),
        lastVacuum: r.last_vacuum, lastAnalyze: r.last_analyze, seqScans: num(r.seq_scans), indexScans: num(r.index_scans),
      })),
      unusedIndexes: unused.rows.map((r) => ({ schema: r.schema, table: r.table, name: r.name, bytes: num(r.bytes) })),
      note: 'Rows are the statistics collector\'s estimate; scans and unused indexes count since statistics were last reset.',
    };
  } finally {
    await client.end().catch(() => {});
  }
}
