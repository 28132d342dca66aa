// MySQL/MariaDB's table statistics: information_schema.TABLES for sizes and the storage
// engine's row estimate; indexes never used, from performance_schema when it is on (the
// same source as sys.schema_unused_indexes). InnoDB keeps no dead-row or scan counts.
import type mysql from 'mysql2';
import type { TableStatistics } from '../../protocol/index.ts';
import { num } from '../../analytics/monitor.ts';
import type { TargetOf } from '../driver.ts';
import { negotiate } from './connect.ts';

const SYSTEM_SCHEMAS = "('mysql', 'information_schema', 'performance_schema', 'sys')";

const TABLES = `
SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS name, TABLE_ROWS AS \`rows\`, DATA_LENGTH AS table_bytes,
       INDEX_LENGTH AS index_bytes, DATE_FORMAT(UPDATE_TIME, '%Y-%m-%dT%H:%i:%s') AS updated
FROM information_schema.TABLES
WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN ${SYSTEM_SCHEMAS} AND (DATABASE() IS NULL OR TABLE_SCHEMA = DATABASE())
ORDER BY DATA_LENGTH + INDEX_LENGTH DESC, TABLE_SCHEMA, TABLE_NAME
LIMIT ?`;

const UNUSED_INDEXES = `
SELECT u.OBJECT_SCHEMA AS \`schema\`, u.OBJECT_NAME AS \`table\`, u.INDEX_NAME AS name
FROM performance_schema.table_io_waits_summary_by_index_usage u
WHERE u.INDEX_NAME IS NOT NULL AND u.INDEX_NAME <> 'PRIMARY' AND u.COUNT_STAR = 0
  AND u.OBJECT_SCHEMA NOT IN ${SYSTEM_SCHEMAS} AND (DATABASE() IS NULL OR u.OBJECT_SCHEMA = DATABASE())
  AND EXISTS (SELECT 1 FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = u.OBJECT_SCHEMA AND s.TABLE_NAME = u.OBJECT_NAME
              AND s.INDEX_NAME = u.INDEX_NAME AND s.NON_UNIQUE = 1)
ORDER BY u.OBJECT_SCHEMA, u.OBJECT_NAME, u.INDEX_NAME`;

const ENABLE_PERFORMANCE_SCHEMA =
  'Unused indexes need performance_schema: add performance_schema = ON under [mysqld] in the server\'s configuration and restart it. Rows are the storage engine\'s estimate.';

type Row = Record<string, unknown>;

export async function mysqlTableStatistics(target: TargetOf<'mysql'>, limit: number): Promise<TableStatistics> {
  const { connection } = await negotiate(target);
  connection.on('error', () => {});
  // The driver's connections return rows as arrays; these reads want them by column name.
  const rows = async (sql: string, params: unknown[] = []) => (await connection.promise().query({ sql, rowsAsArray: false }, params))[0] as Row[];
  try {
    const tables = await rows(TABLES, [limit]);
    const [ps] = await rows('SELECT @@performance_schema AS on_');
    const unused = Number(ps?.on_) === 1 ? await rows(UNUSED_INDEXES) : null;
    return {
      tables: tables.map((r) => {
        const table = num(r.table_bytes);
        const index = num(r.index_bytes);
        return {
          schema: String(r.schema), name: String(r.name), rows: num(r.rows), rowsEstimated: true, deadRows: null,
          tableBytes: table, indexBytes: index, toastBytes: null, totalBytes: table === null || index === null ? null : table + index,
          lastVacuum: null, lastAnalyze: null, seqScans: null, indexScans: null,
        };
      }),
      unusedIndexes: unused?.map((r) => ({ schema: String(r.schema), table: String(r.table), name: String(r.name), bytes: null })) ?? null,
      note: unused ? 'Rows are the storage engine\'s estimate; unused indexes count since the server started.' : ENABLE_PERFORMANCE_SCHEMA,
    };
  } finally {
    await endQuietly(connection);
  }
}

async function endQuietly(connection: mysql.Connection): Promise<void> {
  await connection.promise().end().catch(() => connection.destroy());
}
