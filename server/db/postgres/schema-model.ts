// PostgreSQL's catalog as the schema diff's model, from pg_catalog: one query per kind for
// the whole schema. Constraint, index and view texts come from pg_get_*def, so a model
// regenerated into another database reads back the same. A column whose default draws
// from a sequence it owns is a serial; sequences owned by a column (serial, identity) are
// part of it, not objects of their own.
import type { ModelTable, SchemaModel } from '../../protocol/index.ts';
import type { CatalogQuery, CatalogRow as AnyRow, SchemaReader } from '../../schema-diff/engine.ts';

const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;
const ACTION: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
const IDENTITY = { a: 'always', d: 'by-default' } as const;
const names = (json: string | null): string[] => (json ? (JSON.parse(json) as string[]) : []);
const TABLE = `c.relkind IN ('r', 'p')`;

function columnsJson(keys: string, rel: string): string {
  return `(SELECT json_agg(a.attname ORDER BY u.ord)::text FROM unnest(${keys}) WITH ORDINALITY u(n, ord) JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = u.n)`;
}

/** The catalog columns this reader asks for. */
type Column = 'name' | 'tbl' | 'type' | 'notnull' | 'dflt' | 'ident' | 'owned' | 'def' | 'cols' | 'ref' | 'refcols' | 'ondelete' | 'onupdate' | 'uniq' | 'vals' | 'start' | 'inc' | 'min' | 'max' | 'cycle';
type CatalogRow = AnyRow<Column>;

export const postgresSchemaReader: SchemaReader = {
  async read(ask: CatalogQuery, schema: string): Promise<SchemaModel> {
    const query = (sql: string) => ask<Column>(sql);
    // Read as if the schema were the session's own: view bodies, types and defaults then
    // name its objects unqualified, so two schemas (or databases) compare equal.
    await query(`SELECT set_config('search_path', quote_ident(${lit(schema)}), false)`);
    const inSchema = `JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = ${lit(schema)}`;
    const tableRows = await query(`SELECT c.relname AS name FROM pg_class c ${inSchema} WHERE ${TABLE} ORDER BY c.relname`);
    const columns = await query(
      `SELECT c.relname AS tbl, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull::int AS notnull,
              pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity AS ident,
              (SELECT s.relname FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
                WHERE dep.classid = 'pg_class'::regclass AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'a' LIMIT 1) AS owned
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid ${inSchema}
         LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE ${TABLE} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`,
    );
    const constraints = await query(
      `SELECT c.relname AS tbl, k.conname AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS def, ${columnsJson('k.conkey', 'k.conrelid')} AS cols,
              f.relname AS ref, ${columnsJson('k.confkey', 'k.confrelid')} AS refcols, k.confdeltype AS ondelete, k.confupdtype AS onupdate
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid ${inSchema} LEFT JOIN pg_class f ON f.oid = k.confrelid
        WHERE k.contype IN ('p', 'u', 'f', 'c') ORDER BY c.relname, k.conname`,
    );
    const indexes = await query(
      `SELECT c.relname AS tbl, i.relname AS name, x.indisunique::int AS uniq, pg_get_indexdef(x.indexrelid) AS def,
              (SELECT json_agg(pg_get_indexdef(x.indexrelid, k, true) ORDER BY k)::text FROM generate_series(1, x.indnkeyatts) k) AS cols
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid ${inSchema}
        WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = c.oid AND k.contype IN ('p', 'u', 'x'))
        ORDER BY c.relname, i.relname`,
    );
    const views = await query(`SELECT c.relname AS name, pg_get_viewdef(c.oid, true) AS def FROM pg_class c ${inSchema} WHERE c.relkind = 'v' ORDER BY c.relname`);
    const enums = await query(
      `SELECT t.typname AS name, json_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS vals
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = ${lit(schema)} JOIN pg_enum e ON e.enumtypid = t.oid
        GROUP BY t.typname ORDER BY t.typname`,
    );
    const sequences = await query(
      `SELECT s.sequencename AS name, s.data_type::text AS type, s.start_value::text AS start, s.increment_by::text AS inc, s.min_value::text AS min,
              s.max_value::text AS max, s.cycle::int AS cycle
         FROM pg_sequences s WHERE s.schemaname = ${lit(schema)} AND NOT EXISTS (SELECT 1 FROM pg_depend d
           WHERE d.classid = 'pg_class'::regclass AND d.objid = format('%I.%I', s.schemaname, s.sequencename)::regclass AND d.deptype IN ('a', 'i'))
        ORDER BY s.sequencename`,
    );

    const tables = new Map<string, ModelTable>(
      tableRows.map((r) => [r.name!, { name: r.name!, columns: [], primaryKey: null, uniques: [], indexes: [], foreignKeys: [], checks: [] }]),
    );
    for (const c of columns) {
      const serial = c.owned !== null && c.dflt !== null && /^nextval\('[^']*'::regclass\)$/.test(c.dflt) && c.dflt.includes(c.owned);
      tables.get(c.tbl!)?.columns.push({
        name: c.name!,
        type: c.type!,
        nullable: c.notnull === '0',
        default: serial ? null : c.dflt,
        identity: serial ? 'serial' : (IDENTITY[c.ident as 'a' | 'd'] ?? null),
      });
    }
    for (const k of constraints) addConstraint(tables.get(k.tbl!), k);
    for (const i of indexes) {
      tables.get(i.tbl!)?.indexes.push({ name: i.name!, unique: i.uniq === '1', columns: names(i.cols), definition: i.def!.slice(i.def!.indexOf(' USING ') + 7) });
    }
    return {
      engine: 'postgres',
      schema,
      tables: [...tables.values()],
      views: views.map((v) => ({ name: v.name!, definition: v.def!.trim().replace(/;$/, '') })),
      enums: enums.map((e) => ({ name: e.name!, values: names(e.vals) })),
      sequences: sequences.map((s) => ({ name: s.name!, type: s.type!, start: s.start!, increment: s.inc!, min: s.min!, max: s.max!, cycle: s.cycle === '1' })),
    };
  },
};

function addConstraint(table: ModelTable | undefined, k: CatalogRow): void {
  if (!table) return;
  const columns = names(k.cols);
  if (k.type === 'p') table.primaryKey = { name: k.name, columns };
  else if (k.type === 'u') table.uniques.push({ name: k.name, columns });
  else if (k.type === 'c') table.checks.push({ name: k.name, definition: k.def! });
  else {
    table.foreignKeys.push({
      name: k.name,
      columns,
      refTable: k.ref!,
      refColumns: names(k.refcols),
      onDelete: ACTION[k.ondelete!] ?? 'NO ACTION',
      onUpdate: ACTION[k.onupdate!] ?? 'NO ACTION',
    });
  }
}
