// The schema explorer's questions, answered from pg_catalog (not information_schema, which
// is slow on large catalogs and hides objects the user cannot write to). Every list is
// filtered, sorted and paged by the server, so 10,000 tables cost one page.
//
// Row estimates are pg_class.reltuples: the planner's figure from the last VACUUM/ANALYZE;
// null when the table was never analyzed (reltuples < 0) and for views.
import { NotFoundError } from '../../errors.ts';
import type { ColumnInfo, CompletionSchema, ForeignKeyInfo, IndexInfo, ObjectDetails, ObjectKind, ObjectPage, ObjectSummary, SchemaSummary } from '../../protocol/index.ts';
import { DEFAULT_OBJECT_PAGE_SIZE, type ListObjectsOptions } from '../driver.ts';

export type Query = <Row>(sql: string, params?: unknown[]) => Promise<Row[]>;

/** Schemas worth showing: not the catalogs, TOAST or other sessions' temp schemas. */
const USER_SCHEMA = `n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'`;
const LISTED_KINDS = `c.relkind IN ('r', 'p', 'f', 'v', 'm')`;
const KIND: Record<string, ObjectKind> = { r: 'table', p: 'table', f: 'table', v: 'view', m: 'materialized_view' };
const ESTIMATE = `CASE WHEN c.relkind IN ('r', 'p', 'm') AND c.reltuples >= 0 THEN c.reltuples::float8 END`;
const ACTION: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

interface SummaryRow {
  schema: string;
  name: string;
  kind: string;
  estimate: number | null;
}

const summary = (row: SummaryRow): ObjectSummary => ({
  schema: row.schema,
  name: row.name,
  kind: KIND[row.kind]!,
  rowEstimate: row.estimate === null ? null : Math.round(row.estimate),
});

export class PostgresMetadata {
  readonly #query: Query;

  constructor(query: Query) {
    this.#query = query;
  }

  async listSchemas(): Promise<SchemaSummary[]> {
    return this.#query<SchemaSummary>(
      `SELECT n.nspname AS name, count(c.oid)::int AS "objectCount"
         FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND ${LISTED_KINDS}
        WHERE ${USER_SCHEMA}
        GROUP BY n.nspname ORDER BY n.nspname`,
    );
  }

  async listObjects(schema: string, { search, offset = 0, limit = DEFAULT_OBJECT_PAGE_SIZE }: ListObjectsOptions): Promise<ObjectPage> {
    const where = `n.nspname = $1 AND ${LISTED_KINDS} AND ($2::text IS NULL OR strpos(lower(c.relname), lower($2)) > 0)`;
    const from = 'pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace';
    const [rows, [count]] = await Promise.all([
      this.#query<SummaryRow>(
        `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, ${ESTIMATE} AS estimate
           FROM ${from} WHERE ${where} ORDER BY c.relname LIMIT $3 OFFSET $4`,
        [schema, search || null, limit, offset],
      ),
      this.#query<{ total: number }>(`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`, [schema, search || null]),
    ]);
    return { objects: rows.map(summary), total: count!.total };
  }

  async searchObjects(query: string, limit: number): Promise<ObjectSummary[]> {
    const rows = await this.#query<SummaryRow>(
      `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, ${ESTIMATE} AS estimate
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${USER_SCHEMA} AND ${LISTED_KINDS} AND strpos(lower(c.relname), lower($1)) > 0
        ORDER BY lower(c.relname) = lower($1) DESC, strpos(lower(c.relname), lower($1)) = 1 DESC, c.relname, n.nspname
        LIMIT $2`,
      [query, limit],
    );
    return rows.map(summary);
  }

  async describe(schema: string, name: string): Promise<ObjectDetails> {
    const [object] = await this.#query<SummaryRow & { oid: number }>(
      `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind, ${ESTIMATE} AS estimate
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND ${LISTED_KINDS}`,
      [schema, name],
    );
    if (!object) throw new NotFoundError(`No table or view named "${name}" in schema "${schema}".`);
    const isView = object.kind === 'v' || object.kind === 'm';
    const [columns, indexes, foreignKeys, definition] = await Promise.all([
      this.#columns(object.oid),
      this.#indexes(object.oid),
      this.#foreignKeys(object.oid),
      isView ? this.#query<{ definition: string }>('SELECT pg_get_viewdef($1::oid, true) AS definition', [object.oid]) : [],
    ]);
    return { ...summary(object), columns, indexes, foreignKeys, definition: definition[0]?.definition.trim() ?? null };
  }

  async completionSchema(maxTables: number): Promise<CompletionSchema> {
    const [schemas, tables, [current]] = await Promise.all([
      this.#query<{ name: string }>(`SELECT n.nspname AS name FROM pg_namespace n WHERE ${USER_SCHEMA} ORDER BY 1`),
      // Tables of the current schema first: those are the ones written without a schema.
      this.#query<{ schema: string; name: string; columns: string[] }>(
        `SELECT n.nspname AS schema, c.relname AS name,
                ARRAY(SELECT a.attname::text FROM pg_attribute a
                       WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE ${USER_SCHEMA} AND ${LISTED_KINDS}
          ORDER BY n.nspname = current_schema() DESC, n.nspname, c.relname
          LIMIT $1`,
        [maxTables + 1],
      ),
      this.#query<{ schema: string | null }>('SELECT current_schema() AS schema'),
    ]);
    return {
      schemas: schemas.map((s) => s.name),
      defaultSchema: current?.schema ?? 'public',
      tables: tables.slice(0, maxTables),
      truncated: tables.length > maxTables,
    };
  }

  #columns(oid: number): Promise<ColumnInfo[]> {
    return this.#query<ColumnInfo>(
      `SELECT a.attname AS name,
              format_type(a.atttypid, a.atttypmod) AS "dataType",
              NOT a.attnotnull AS nullable,
              CASE WHEN a.attgenerated = 's' THEN 'GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ') STORED'
                   WHEN a.attidentity = 'a' THEN 'GENERATED ALWAYS AS IDENTITY'
                   WHEN a.attidentity = 'd' THEN 'GENERATED BY DEFAULT AS IDENTITY'
                   ELSE pg_get_expr(d.adbin, d.adrelid) END AS default,
              array_position(pk.conkey, a.attnum) AS "primaryKeyPosition"
         FROM pg_attribute a
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p'
        WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [oid],
    );
  }

  #indexes(oid: number): Promise<IndexInfo[]> {
    // Key columns by name; expressions as PostgreSQL prints them.
    return this.#query<IndexInfo>(
      `SELECT i.relname AS name,
              ARRAY(SELECT CASE WHEN x.indkey[k - 1] = 0 THEN pg_get_indexdef(x.indexrelid, k, true)
                                ELSE (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = x.indrelid AND a.attnum = x.indkey[k - 1]) END
                      FROM generate_series(1, x.indnkeyatts) k ORDER BY k) AS columns,
              x.indisunique AS unique,
              x.indisprimary AS primary,
              pg_get_indexdef(x.indexrelid) AS definition
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = $1
        ORDER BY i.relname`,
      [oid],
    );
  }

  async #foreignKeys(oid: number): Promise<ForeignKeyInfo[]> {
    const rows = await this.#query<Omit<ForeignKeyInfo, 'onUpdate' | 'onDelete'> & { onUpdate: string; onDelete: string }>(
      `SELECT con.conname AS name,
              ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.i) AS columns,
              rn.nspname AS "referencedSchema",
              rc.relname AS "referencedTable",
              ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.i) AS "referencedColumns",
              con.confupdtype AS "onUpdate",
              con.confdeltype AS "onDelete"
         FROM pg_constraint con
         JOIN pg_class rc ON rc.oid = con.confrelid
         JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        WHERE con.conrelid = $1 AND con.contype = 'f'
        ORDER BY con.conname`,
      [oid],
    );
    return rows.map((row) => ({ ...row, onUpdate: ACTION[row.onUpdate] ?? null, onDelete: ACTION[row.onDelete] ?? null }));
  }
}
