// The DDL of a PostgreSQL database, rebuilt from its catalog with the server's own
// pg_get_*def functions, for the built-in logical dump (used when no suitable pg_dump is
// installed). Each statement carries what a clean restore must drop first. Covered:
// schemas, extensions, enum types, sequences (standalone, owned, identity), functions and
// procedures, tables (defaults, NOT NULL, collations, identity, generated columns,
// unlogged), primary/unique/check/exclusion/foreign keys, indexes, views, materialized
// views, triggers. Not covered (pg_dump covers them): domains, composite and range types,
// aggregates, partitioning, comments, owners and privileges — the README says so.
import type pg from 'pg';
import { quoteIdent, type TableEstimate } from './table-stats.ts';

/** One statement of the dump, in creation order. */
export interface SchemaStatement {
  sql: string;
  /** `DROP … IF EXISTS … CASCADE` run first by a clean restore, when the statement creates a droppable object. */
  drop?: string;
}

/** Before the data: what the tables need to exist and load. After: keys, indexes, views, triggers. */
export interface LogicalSchema {
  before: SchemaStatement[];
  after: SchemaStatement[];
  /** setval() calls that put each sequence where the source's was. */
  sequenceValues: string[];
  /** Per table oid, the columns COPY moves (generated columns are computed again on load). */
  copyColumns: Map<number, string[]>;
}

const USER_OBJECT = (namespace: string, oid: string, catalog: string) => `
  ${namespace} NOT IN ('pg_catalog', 'information_schema') AND ${namespace} NOT LIKE 'pg\\_toast%' AND ${namespace} NOT LIKE 'pg\\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

const q = quoteIdent;
const qualified = (schema: string, name: string) => `${q(schema)}.${q(name)}`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

export async function readLogicalSchema(client: pg.Client, tables: TableEstimate[], whole: boolean): Promise<LogicalSchema> {
  const oids = tables.map((t) => t.oid);
  const before: SchemaStatement[] = [];
  const after: SchemaStatement[] = [];
  const sequenceValues: string[] = [];
  const rows = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows;

  if (whole) {
    for (const r of await rows<{ name: string }>(`SELECT nspname AS name FROM pg_namespace n WHERE nspname <> 'public' AND ${USER_OBJECT('nspname', 'n.oid', 'pg_namespace')} ORDER BY 1`)) {
      before.push({ sql: `CREATE SCHEMA IF NOT EXISTS ${q(r.name)}` });
    }
    for (const r of await rows<{ name: string; schema: string }>("SELECT e.extname AS name, n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY 1")) {
      before.push({ sql: `CREATE EXTENSION IF NOT EXISTS ${q(r.name)} WITH SCHEMA ${q(r.schema)}` });
    }
    const enums = await rows<{ schema: string; name: string; labels: string[] }>(`
      SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
       WHERE ${USER_OBJECT('n.nspname', 't.oid', 'pg_type')} GROUP BY 1, 2 ORDER BY 1, 2`);
    for (const r of enums) {
      const name = qualified(r.schema, r.name);
      before.push({ sql: `CREATE TYPE ${name} AS ENUM (${r.labels.map(literal).join(', ')})`, drop: `DROP TYPE IF EXISTS ${name} CASCADE` });
    }
  }

  // Sequences: standalone and owned (serial) ones are created before the tables; identity
  // ones come with their column. Every one gets its value back after the data.
  const sequences = await rows<{
    schema: string; name: string; type: string; start: string; min: string; max: string; increment: string; cycle: boolean; cache: string;
    last: string | null; owner_oid: number | null; owner_column: string | null; identity: boolean;
  }>(`
    SELECT s.schemaname AS schema, s.sequencename AS name, format_type(s.data_type, NULL) AS type, s.start_value::text AS start,
           s.min_value::text AS min, s.max_value::text AS max, s.increment_by::text AS increment, s.cycle, s.cache_size::text AS cache,
           s.last_value::text AS last, d.refobjid::int AS owner_oid, a.attname AS owner_column, coalesce(d.deptype = 'i', false) AS identity
      FROM pg_sequences s
      JOIN pg_namespace n ON n.nspname = s.schemaname JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename
      LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
      LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     WHERE ${USER_OBJECT('n.nspname', 'c.oid', 'pg_class')}
     ORDER BY 1, 2`);
  const options = (s: (typeof sequences)[number]) =>
    `AS ${s.type} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} CACHE ${s.cache}${s.cycle ? ' CYCLE' : ' NO CYCLE'}`;
  const identityOf = new Map<string, (typeof sequences)[number]>();
  for (const s of sequences) {
    const owned = s.owner_oid !== null && oids.includes(s.owner_oid);
    if (!whole && !owned) continue;
    const name = qualified(s.schema, s.name);
    if (s.identity) identityOf.set(`${s.owner_oid}\u0000${s.owner_column}`, s);
    else before.push({ sql: `CREATE SEQUENCE ${name} ${options(s)}`, drop: `DROP SEQUENCE IF EXISTS ${name} CASCADE` });
    sequenceValues.push(`SELECT pg_catalog.setval(${literal(name)}, ${s.last ?? s.start}, ${s.last !== null})`);
  }

  if (whole) {
    const functions = await rows<{ def: string; schema: string; name: string; args: string; kind: string }>(`
      SELECT pg_get_functiondef(p.oid) AS def, n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args, p.prokind AS kind
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE p.prokind IN ('f', 'p') AND ${USER_OBJECT('n.nspname', 'p.oid', 'pg_proc')} ORDER BY p.oid`);
    for (const f of functions) {
      before.push({ sql: f.def, drop: `DROP ${f.kind === 'p' ? 'PROCEDURE' : 'FUNCTION'} IF EXISTS ${qualified(f.schema, f.name)}(${f.args}) CASCADE` });
    }
  }

  const columns = await rows<{
    oid: number; name: string; type: string; not_null: boolean; def: string | null; identity: string; generated: string; collation: string | null;
  }>(`
    SELECT a.attrelid::int AS oid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
           pg_get_expr(ad.adbin, ad.adrelid) AS def, a.attidentity AS identity, a.attgenerated AS generated,
           CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation
      FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
      LEFT JOIN pg_collation co ON co.oid = a.attcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
     WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attrelid, a.attnum`, [oids]);
  const unlogged = new Set((await rows<{ oid: number }>("SELECT oid::int AS oid FROM pg_class WHERE oid = ANY($1) AND relpersistence = 'u'", [oids])).map((r) => r.oid));
  for (const table of tables) {
    const lines = columns.filter((c) => c.oid === table.oid).map((c) => {
      let line = `${q(c.name)} ${c.type}`;
      if (c.collation) line += ` COLLATE ${c.collation}`;
      if (c.generated === 's') line += ` GENERATED ALWAYS AS (${c.def}) STORED`;
      else if (c.identity) {
        const s = identityOf.get(`${table.oid}\u0000${c.name}`);
        line += ` GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${s ? ` (SEQUENCE NAME ${qualified(s.schema, s.name)} ${options(s).replace(/^AS \S+ /, '')})` : ''}`;
      } else if (c.def !== null) line += ` DEFAULT ${c.def}`;
      if (c.not_null) line += ' NOT NULL';
      return `    ${line}`;
    });
    const name = qualified(table.schema, table.name);
    before.push({ sql: `CREATE ${unlogged.has(table.oid) ? 'UNLOGGED ' : ''}TABLE ${name} (\n${lines.join(',\n')}\n)`, drop: `DROP TABLE IF EXISTS ${name} CASCADE` });
  }
  for (const s of sequences) {
    if (!s.identity && s.owner_oid !== null && oids.includes(s.owner_oid)) {
      const table = tables.find((t) => t.oid === s.owner_oid)!;
      before.push({ sql: `ALTER SEQUENCE ${qualified(s.schema, s.name)} OWNED BY ${qualified(table.schema, table.name)}.${q(s.owner_column!)}` });
    }
  }

  // After the data (faster loads, as pg_dump does): keys — foreign ones last — indexes, views, triggers.
  const constraints = await rows<{ schema: string; table: string; name: string; def: string; foreign_oid: number | null }>(`
    SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, pg_get_constraintdef(con.oid) AS def,
           CASE WHEN con.contype = 'f' THEN con.confrelid::int END AS foreign_oid
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE con.conrelid = ANY($1) AND con.contype IN ('p', 'u', 'c', 'x', 'f') AND con.conislocal
     ORDER BY con.contype = 'f', 1, 2, 3`, [oids]);
  for (const c of constraints) {
    if (c.foreign_oid !== null && !oids.includes(c.foreign_oid)) continue; // its table is not in this backup
    after.push({ sql: `ALTER TABLE ONLY ${qualified(c.schema, c.table)} ADD CONSTRAINT ${q(c.name)} ${c.def}` });
  }
  const views = whole
    ? await rows<{ oid: number; schema: string; name: string; kind: string; def: string }>(`
        SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind, pg_get_viewdef(c.oid) AS def
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('v', 'm') AND ${USER_OBJECT('n.nspname', 'c.oid', 'pg_class')} ORDER BY c.oid`)
    : [];
  const indexes = async (relations: number[]) => rows<{ def: string }>(`
    SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
     WHERE i.indrelid = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
     ORDER BY ci.relname`, [relations]);
  for (const i of await indexes(oids)) after.push({ sql: i.def });
  // Creation order (oid) is an order in which each view's dependencies already exist.
  for (const v of views) {
    const name = qualified(v.schema, v.name);
    const body = v.def.trim().replace(/;$/, '');
    after.push(v.kind === 'm'
      ? { sql: `CREATE MATERIALIZED VIEW ${name} AS\n${body}\nWITH DATA`, drop: `DROP MATERIALIZED VIEW IF EXISTS ${name} CASCADE` }
      : { sql: `CREATE VIEW ${name} AS\n${body}`, drop: `DROP VIEW IF EXISTS ${name} CASCADE` });
  }
  const materialized = views.filter((v) => v.kind === 'm').map((v) => v.oid);
  if (materialized.length) for (const i of await indexes(materialized)) after.push({ sql: i.def });
  for (const t of await rows<{ def: string }>('SELECT pg_get_triggerdef(t.oid) AS def FROM pg_trigger t WHERE t.tgrelid = ANY($1) AND NOT t.tgisinternal ORDER BY t.tgrelid, t.tgname', [oids])) {
    after.push({ sql: t.def });
  }
  const copyColumns = new Map(tables.map((t) => [t.oid, columns.filter((c) => c.oid === t.oid && c.generated !== 's').map((c) => c.name)]));
  return { before, after, sequenceValues, copyColumns };
}
