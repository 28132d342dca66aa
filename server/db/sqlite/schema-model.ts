// SQLite's catalog as the schema diff's model: sqlite_schema and the table-valued PRAGMA
// functions, one query per kind for every table at once (a schema of 1,000 tables costs
// six queries). What SQLite keeps only in the CREATE text — CHECK constraints,
// AUTOINCREMENT, an index's predicate — is read from that text.
import type { ModelCheck, ModelTable, SchemaModel } from '../../protocol/index.ts';
import type { CatalogQuery, CatalogRow as AnyRow, SchemaReader } from '../../schema-diff/engine.ts';
import { viewBody } from './sql-text.ts';

const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

function groupBy(rows: CatalogRow[], key: Column): Map<string, CatalogRow[]> {
  const map = new Map<string, CatalogRow[]>();
  for (const row of rows) {
    const list = map.get(row[key]!);
    if (list) list.push(row);
    else map.set(row[key]!, [row]);
  }
  return map;
}

/** The catalog columns this reader asks for. */
type Column = 'type' | 'name' | 'sql' | 'tbl' | 'notnull' | 'dflt' | 'pk' | 'uniq' | 'origin' | 'idx' | 'dsc' | 'id' | 'ref' | 'col' | 'refcol' | 'on_update' | 'on_delete';
type CatalogRow = AnyRow<Column>;

export const sqliteSchemaReader: SchemaReader = {
  async read(ask: CatalogQuery, schema: string): Promise<SchemaModel> {
    const query = (sql: string) => ask<Column>(sql);
    const s = lit(schema);
    const master = `${ident(schema)}.sqlite_schema`;
    const userTables = `SELECT name, sql FROM ${master} WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql LIKE 'CREATE TABLE%'`;
    // One after another: a session runs one statement at a time.
    const objects = await query(`SELECT type, name, sql FROM ${master} WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`);
    const columns = await query(`SELECT m.name AS tbl, p.name, p.type, p."notnull" AS "notnull", p.dflt_value AS dflt, p.pk FROM (${userTables}) m JOIN pragma_table_xinfo(m.name, ${s}) p WHERE p.hidden = 0 ORDER BY m.name, p.cid`);
    const indexes = await query(`SELECT m.name AS tbl, i.name, i."unique" AS uniq, i.origin, x.sql FROM (${userTables}) m JOIN pragma_index_list(m.name, ${s}) i
               LEFT JOIN ${master} x ON x.type = 'index' AND x.name = i.name ORDER BY m.name, i.name`);
    const indexColumns = await query(`SELECT i.name AS idx, c.name, c."desc" AS dsc FROM (SELECT il.name FROM (${userTables}) m JOIN pragma_index_list(m.name, ${s}) il) i
               JOIN pragma_index_xinfo(i.name, ${s}) c WHERE c.key = 1 ORDER BY i.name, c.seqno`);
    const foreignKeys = await query(`SELECT m.name AS tbl, f.id, f."table" AS ref, f."from" AS col, f."to" AS refcol, f.on_update, f.on_delete FROM (${userTables}) m
               JOIN pragma_foreign_key_list(m.name, ${s}) f ORDER BY m.name, f.id, f.seq`);
    const columnsOf = groupBy(columns, 'tbl');
    const indexesOf = groupBy(indexes, 'tbl');
    const keyColumns = groupBy(indexColumns, 'idx');
    const foreignKeysOf = groupBy(foreignKeys, 'tbl');
    const tables: ModelTable[] = [];
    for (const object of objects) {
      if (object.type !== 'table' || !object.sql?.startsWith('CREATE TABLE')) continue;
      const name = object.name!;
      const sql = object.sql;
      const cols = columnsOf.get(name) ?? [];
      const pk = cols.filter((c) => c.pk !== '0').sort((a, b) => Number(a.pk) - Number(b.pk)).map((c) => c.name!);
      const autoIncrement = /\bAUTOINCREMENT\b/i.test(sql);
      const table: ModelTable = {
        name,
        columns: cols.map((c) => ({
          name: c.name!,
          type: c.type ?? '',
          nullable: c.notnull === '0' && !(pk.length === 1 && pk[0] === c.name && /^integer$/i.test(c.type ?? '')),
          default: c.dflt,
          identity: autoIncrement && pk.length === 1 && pk[0] === c.name ? 'auto-increment' : null,
        })),
        primaryKey: pk.length ? { name: null, columns: pk } : null,
        uniques: [],
        indexes: [],
        foreignKeys: [],
        checks: checksOf(sql),
        sql,
      };
      for (const index of indexesOf.get(name) ?? []) {
        const keys = (keyColumns.get(index.name!) ?? []).map((k) => (k.name ?? '<expression>') + (k.dsc === '1' ? ' DESC' : ''));
        if (index.origin === 'u') table.uniques.push({ name: null, columns: keys });
        else if (index.origin === 'c' && index.sql) {
          table.indexes.push({ name: index.name!, unique: index.uniq === '1', columns: keys, definition: indexTail(index.sql), sql: index.sql });
        }
      }
      table.uniques.sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
      for (const rows of groupBy(foreignKeysOf.get(name) ?? [], 'id').values()) {
        table.foreignKeys.push({
          name: null,
          columns: rows.map((r) => r.col!),
          refTable: rows[0]!.ref!,
          refColumns: rows.every((r) => r.refcol !== null) ? rows.map((r) => r.refcol!) : [],
          onDelete: rows[0]!.on_delete ?? 'NO ACTION',
          onUpdate: rows[0]!.on_update ?? 'NO ACTION',
        });
      }
      table.foreignKeys.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      tables.push(table);
    }
    const views = objects.filter((o) => o.type === 'view').map((o) => ({ name: o.name!, definition: viewBody(o.sql!).trim(), sql: o.sql! }));
    return { engine: 'sqlite', schema, tables, views, enums: [], sequences: [] };
  },
};

/** "(a, b DESC) WHERE …" from "CREATE INDEX i ON t (a, b DESC) WHERE …", whitespace squashed. */
function indexTail(sql: string): string {
  const match = /\bON\s+(?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^\s(]+)\s*(\(.*)$/is.exec(sql);
  return (match ? match[1]! : sql).replace(/\s+/g, ' ').trim();
}

/** CHECK constraints (column or table level) of a CREATE TABLE text, with their CONSTRAINT names. */
export function checksOf(sql: string): ModelCheck[] {
  const checks: ModelCheck[] = [];
  const tokens = /"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\/|[A-Za-z_][\w$]*|\S/g;
  const words: { text: string; index: number }[] = [];
  for (let m = tokens.exec(sql); m; m = tokens.exec(sql)) if (!m[0].startsWith('--') && !m[0].startsWith('/*')) words.push({ text: m[0], index: m.index });
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.text.toUpperCase() !== 'CHECK' || words[i + 1]?.text !== '(') continue;
    let depth = 0;
    let end = i + 1;
    for (; end < words.length; end++) {
      if (words[end]!.text === '(') depth++;
      else if (words[end]!.text === ')' && --depth === 0) break;
    }
    const body = sql.slice(words[i + 1]!.index, words[end]!.index + 1);
    const named = i >= 2 && words[i - 2]!.text.toUpperCase() === 'CONSTRAINT' ? unquote(words[i - 1]!.text) : null;
    checks.push({ name: named, definition: `CHECK ${body.replace(/\s+/g, ' ')}` });
    i = end;
  }
  return checks.sort((a, b) => (a.name ?? a.definition).localeCompare(b.name ?? b.definition));
}

function unquote(token: string): string {
  const open = token[0];
  if (open === '"' || open === '`') return token.slice(1, -1).replaceAll(open + open, open);
  if (open === '[') return token.slice(1, -1);
  return token;
}
