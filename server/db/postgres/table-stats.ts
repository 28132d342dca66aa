// The tables a PostgreSQL backup holds, with the size estimates its progress is measured
// against, and their exact row counts and checksums — read in the backup's own snapshot,
// so they describe exactly what the archive holds.
import type pg from 'pg';
import type { TableName, TableStats } from '../../protocol/index.ts';

export interface TableEstimate extends TableName {
  oid: number;
  /** Planner estimate (ANALYZE), else guessed from the table's size. */
  estimatedRows: number;
}

// Ordinary tables and partitions (a partitioned parent holds no rows of its own), outside
// the system schemas and extensions' own.
const TABLES_SQL = `
  SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name,
         CASE WHEN c.reltuples >= 0 THEN c.reltuples ELSE pg_relation_size(c.oid) / 100 END::float8 AS estimated
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
     AND n.nspname NOT LIKE 'pg\\_temp%'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
   ORDER BY 2, 3`;

export async function listTables(client: pg.Client | pg.PoolClient, only?: TableName[]): Promise<TableEstimate[]> {
  const { rows } = await client.query<{ oid: number; schema: string; name: string; estimated: number }>(TABLES_SQL);
  const wanted = only && new Set(only.map((t) => `${t.schema}\u0000${t.name}`));
  return rows
    .filter((r) => !wanted || wanted.has(`${r.schema}\u0000${r.name}`))
    .map((r) => ({ oid: r.oid, schema: r.schema, name: r.name, estimatedRows: Math.round(r.estimated) }));
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Exact rows and an order-independent checksum (the sum of a 64-bit hash of each row's
 * text) of each table. Equal data gives equal checksums whatever the physical order, so a
 * restored copy can be compared with the original.
 */
export async function measureTables(client: pg.Client, tables: TableName[], signal?: AbortSignal): Promise<TableStats[]> {
  const stats: TableStats[] = [];
  for (const table of tables) {
    signal?.throwIfAborted();
    const { rows } = await client.query<{ rows: string; checksum: string }>(
      `SELECT count(*)::text AS rows, coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)::text AS checksum FROM ONLY ${quoteIdent(table.schema)}.${quoteIdent(table.name)} AS t`,
    );
    stats.push({ schema: table.schema, name: table.name, rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum });
  }
  return stats;
}
