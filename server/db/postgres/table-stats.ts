// The tables a PostgreSQL backup holds, with the size estimates its progress is measured
// against, and their exact row counts and checksums — read in the backup's own snapshot,
// so they describe exactly what the archive holds.
import type pg from 'pg';
import type { TableName, TableStats } from '../../protocol/index.ts';

export interface TableEstimate extends TableName {
  oid: number;
  /** Planner estimate (ANALYZE), else guessed from the table's size. */
  estimatedRows: number;
  /** The table's size on disk, TOAST included: what dumping it reads. */
  estimatedBytes: number;
}

/** Bytes per row when a table's rows are not known (never analyzed, or analyzed while empty). */
export const GUESSED_ROW_BYTES = 100;

// Ordinary tables and partitions (a partitioned parent holds no rows of its own), outside
// the system schemas and extensions' own.
const TABLES_SQL = `
  SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name,
         CASE WHEN c.reltuples >= 0 THEN c.reltuples ELSE pg_relation_size(c.oid) / ${GUESSED_ROW_BYTES} END::float8 AS estimated,
         pg_table_size(c.oid)::float8 AS bytes
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
     AND n.nspname NOT LIKE 'pg\\_temp%'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
   ORDER BY 2, 3`;

export async function listTables(client: pg.Client | pg.PoolClient, only?: TableName[]): Promise<TableEstimate[]> {
  const { rows } = await client.query<{ oid: number; schema: string; name: string; estimated: number; bytes: number }>(TABLES_SQL);
  const wanted = only && new Set(only.map((t) => `${t.schema}\u0000${t.name}`));
  return rows
    .filter((r) => !wanted || wanted.has(`${r.schema}\u0000${r.name}`))
    .map((r) => ({ oid: r.oid, schema: r.schema, name: r.name, estimatedRows: Math.round(r.estimated), estimatedBytes: r.bytes }));
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A checksum made with hash_record_extended (PostgreSQL 14+): each column hashed by its own
 * type's hash function, no text made — 3–4× less CPU than hashing each row's text, and that
 * CPU is taken from pg_dump running beside it (bench/backup.ts). Only for tables whose
 * columns are all of the types below (or arrays or domains of them): their hashes are of the
 * value alone, stable across databases and versions (hash partitioning relies on it). Not
 * enums (their hash is of the label's oid, which a restore changes), nor types without a hash
 * function (json, point, xml…), nor text under a non-deterministic collation (hashed by its
 * sort key). The hashes follow each type's equality: numeric 1.5 and 1.50, or intervals
 * '1 day' and '24 hours', hash alike — a restore keeps each as it was, so only a corruption
 * that turned one into the other would go unseen. Such a checksum carries this prefix; one over each row's text has none: other
 * tables, older servers, and every backup made before.
 */
const ROW_HASH = 'h:';
const HASHED_TYPES = [
  'int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'bool', 'text', 'varchar', 'bpchar', 'char', 'name', 'bytea',
  'date', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval', 'uuid', 'jsonb', 'inet', 'cidr', 'macaddr', 'oid',
];
const ALL_COLUMNS_HASHED_SQL = `
  SELECT coalesce(bool_and(e.typname = ANY ($2::text[]) AND e.typnamespace = 'pg_catalog'::regnamespace
                           AND (a.attcollation = 0 OR (SELECT c.collisdeterministic FROM pg_collation c WHERE c.oid = a.attcollation))), false) AS hashed
    FROM pg_attribute a
    JOIN pg_type t ON t.oid = a.atttypid
    JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
    JOIN pg_type e ON e.oid = CASE WHEN b.typcategory = 'A' THEN b.typelem ELSE b.oid END
   WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`;

/**
 * Exact rows and an order-independent checksum (the sum of a 64-bit hash of each row) of
 * each table. Equal data gives equal checksums whatever the physical order, so a restored
 * copy can be compared with the original. A table given with its recorded stats (a verify)
 * is measured the way that checksum was made; a new one (a backup) by its columns' hashes
 * where they all have a stable one, else by its rows' text.
 */
export async function measureTables(client: pg.Client, tables: (TableName | TableStats)[], signal?: AbortSignal): Promise<TableStats[]> {
  const stats: TableStats[] = [];
  let hashes: boolean | undefined;
  for (const table of tables) {
    signal?.throwIfAborted();
    const recorded = 'checksum' in table ? table.checksum : undefined;
    let by: 'columns' | 'text';
    if (recorded !== undefined) by = recorded.startsWith(ROW_HASH) ? 'columns' : 'text';
    else {
      hashes ??= Number((await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v) >= 140000;
      by = hashes && (await allColumnsHashed(client, table)) ? 'columns' : 'text';
    }
    stats.push({ schema: table.schema, name: table.name, ...(await measure(client, table, by)) });
  }
  return stats;
}

async function allColumnsHashed(client: pg.Client, table: TableName): Promise<boolean> {
  const { rows } = await client.query<{ hashed: boolean }>(ALL_COLUMNS_HASHED_SQL, [`${quoteIdent(table.schema)}.${quoteIdent(table.name)}`, HASHED_TYPES]);
  return rows[0]!.hashed;
}

async function measure(client: pg.Client, table: TableName, by: 'columns' | 'text'): Promise<{ rows: number; checksum: string }> {
  const hash = by === 'columns' ? 'hash_record_extended(t, 0)' : 'hashtextextended(t::text, 0)';
  const { rows } = await client.query<{ rows: string; checksum: string }>(
    `SELECT count(*)::text AS rows, coalesce(sum(${hash}), 0)::text AS checksum FROM ONLY ${quoteIdent(table.schema)}.${quoteIdent(table.name)} AS t`,
  );
  return { rows: Number(rows[0]!.rows), checksum: (by === 'columns' ? ROW_HASH : '') + rows[0]!.checksum };
}
