// The tables a MySQL / MariaDB backup holds, with the size estimate its progress is
// measured against, and their exact row counts and checksums.
import type { Connection } from 'mysql2/promise';
import type { TableName, TableStats } from '../../protocol/index.ts';

export interface TableEstimate extends TableName {
  /**
   * information_schema's data_length: the rows' pages (InnoDB samples it). Not index_length:
   * secondary indexes are not in a dump, only their definitions.
   */
  estimatedBytes: number;
}

export function quoteIdent(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** Base tables (not views) of `database`, by name. */
export async function listTables(connection: Connection, database: string, only?: TableName[]): Promise<TableEstimate[]> {
  const [rows] = await connection.query(
    `SELECT TABLE_NAME, COALESCE(DATA_LENGTH, 0) FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    [database],
  );
  const wanted = only && new Set(only.map((t) => t.name));
  return (rows as [string, string | number][])
    .filter(([name]) => !wanted || wanted.has(name))
    .map(([name, bytes]) => ({ schema: database, name, estimatedBytes: Number(bytes) }));
}

/**
 * Exact rows and an order-independent checksum of each table: the sum of a 60-bit slice of
 * each row's MD5, over every column as its bytes (HEX of CAST AS BINARY — exact for
 * floats, dates, BIT and blobs alike; NULL marked apart from any value). Equal data gives
 * equal sums whatever the physical order, so a restored copy can be compared with the
 * original. Reported under `schema` (a scratch copy measures as its original).
 */
export async function measureTables(connection: Connection, database: string, tables: TableName[], signal?: AbortSignal, schema = database): Promise<TableStats[]> {
  const stats: TableStats[] = [];
  for (const table of tables) {
    signal?.throwIfAborted();
    const [columns] = await connection.query(
      'SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
      [database, table.name],
    );
    const row = (columns as [string][]).map(([c]) => `IFNULL(HEX(CAST(${quoteIdent(c)} AS BINARY)), 'N')`).join(', ');
    const [result] = await connection.query(
      `SELECT COUNT(*), COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', ${row})), 15), 16, 10) AS UNSIGNED)), 0)
         FROM ${quoteIdent(database)}.${quoteIdent(table.name)}`,
    );
    const [count, checksum] = (result as [string | number, string | number][])[0]!;
    stats.push({ schema, name: table.name, rows: Number(count), checksum: String(checksum) });
  }
  return stats;
}
