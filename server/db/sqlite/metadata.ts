// The schema explorer's questions, answered from SQLite's catalog (sqlite_schema and the
// table-valued PRAGMA functions). Runs inside the worker, on its own connection: objects
// a session creates in `temp` or ATTACHes are not seen here.
//
// Row estimates come from sqlite_stat1 (written by ANALYZE): the row count it recorded for
// the table or its largest index. Without statistics the estimate is null — counting rows
// would scan the table.
import type Database from 'better-sqlite3';
import type {
  ColumnInfo,
  CompletionSchema,
  ForeignKeyInfo,
  IndexInfo,
  ObjectDetails,
  ObjectKind,
  ObjectPage,
  ObjectSummary,
  SchemaSummary,
} from '../../protocol/index.ts';
import { DEFAULT_OBJECT_PAGE_SIZE, type ListObjectsOptions } from '../driver.ts';
import { viewBody } from './sql-text.ts';
import type { MetadataApi } from './worker-protocol.ts';

export class ObjectNotFound extends Error {}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface CatalogObject {
  name: string;
  type: 'table' | 'view' | 'virtual';
  wr: number;
}

/** Tables (ordinary and virtual) and views a user made; not SQLite's own or FTS shadow tables. */
const USER_OBJECTS = `SELECT name, type, wr FROM pragma_table_list WHERE schema = ? AND type IN ('table', 'view', 'virtual') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;

export class SqliteMetadata implements MetadataApi {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  listSchemas(): SchemaSummary[] {
    return this.#schemaNames().map((name) => ({ name, objectCount: this.#objects(name).length }));
  }

  listObjects(schema: string, { search, offset = 0, limit = DEFAULT_OBJECT_PAGE_SIZE }: ListObjectsOptions): ObjectPage {
    this.#requireSchema(schema);
    const matching = this.#objects(schema, search);
    const page = matching.slice(offset, offset + limit);
    const estimate = this.#estimator(schema);
    return { objects: page.map((o) => this.#summary(schema, o, estimate)), total: matching.length };
  }

  searchObjects(query: string, limit: number): ObjectSummary[] {
    const found: ObjectSummary[] = [];
    const needle = query.toLowerCase();
    for (const schema of this.#schemaNames()) {
      const estimate = this.#estimator(schema);
      for (const o of this.#objects(schema, query)) found.push(this.#summary(schema, o, estimate));
    }
    // Exact and prefix matches first.
    const rank = (name: string) => (name.toLowerCase() === needle ? 0 : name.toLowerCase().startsWith(needle) ? 1 : 2);
    return found.sort((a, b) => rank(a.name) - rank(b.name) || compare(a.name, b.name) || compare(a.schema, b.schema)).slice(0, limit);
  }

  describe(schema: string, name: string): ObjectDetails {
    if (!this.#schemaNames().includes(schema)) throw new ObjectNotFound(`There is no schema "${schema}".`);
    // SQLite names are case-insensitive.
    const object = this.#db.prepare(`${USER_OBJECTS} AND name = ? COLLATE NOCASE`).get(schema, name) as CatalogObject | undefined;
    if (!object) throw new ObjectNotFound(`No table or view named "${name}" in ${schema}.`);
    const summary = this.#summary(schema, object, this.#estimator(schema));
    const isView = object.type === 'view';
    return {
      ...summary,
      columns: this.#columns(schema, object),
      indexes: isView ? [] : this.#indexes(schema, object.name),
      foreignKeys: isView ? [] : this.#foreignKeys(schema, object.name),
      definition: isView ? viewBody(this.#sql(schema, 'view', object.name) ?? '') : null,
    };
  }

  catalog(sql: string): Record<string, string | null>[] {
    const statement = this.#db.prepare(sql);
    if (!statement.reader || !statement.readonly) throw new Error('A catalog query only reads.');
    return (statement.all() as Record<string, unknown>[]).map((row) => {
      const out: Record<string, string | null> = {};
      for (const [key, value] of Object.entries(row)) out[key] = value === null || value === undefined ? null : String(value);
      return out;
    });
  }

  completionSchema(maxTables: number): CompletionSchema {
    const schemas = this.#schemaNames();
    const tables: CompletionSchema['tables'] = [];
    let truncated = false;
    for (const schema of schemas) {
      for (const object of this.#objects(schema)) {
        if (tables.length === maxTables) {
          truncated = true;
          break;
        }
        let columns: string[] = [];
        try {
          columns = (this.#db.prepare('SELECT name FROM pragma_table_info(?, ?)').pluck().all(object.name, schema) as string[]);
        } catch {
          // A broken view (its table was dropped) still completes by name.
        }
        tables.push({ schema, name: object.name, columns });
      }
    }
    return { schemas, defaultSchema: 'main', tables, truncated };
  }

  #schemaNames(): string[] {
    const list = this.#db.prepare('SELECT name FROM pragma_database_list ORDER BY seq').pluck().all() as string[];
    return list.filter((name) => name !== 'temp');
  }

  #requireSchema(schema: string): void {
    if (!this.#schemaNames().includes(schema)) throw new ObjectNotFound(`There is no schema "${schema}".`);
  }

  #objects(schema: string, search?: string): CatalogObject[] {
    const all = this.#db.prepare(USER_OBJECTS).all(schema) as CatalogObject[];
    const needle = search?.toLowerCase();
    const matching = needle ? all.filter((o) => o.name.toLowerCase().includes(needle)) : all;
    return matching.sort((a, b) => compare(a.name, b.name));
  }

  #summary(schema: string, object: CatalogObject, estimate: (table: string) => number | null): ObjectSummary {
    const kind: ObjectKind = object.type === 'view' ? 'view' : 'table';
    return { schema, name: object.name, kind, rowEstimate: kind === 'table' ? estimate(object.name) : null };
  }

  #estimator(schema: string): (table: string) => number | null {
    const hasStats = this.#db.prepare(`SELECT 1 FROM ${quote(schema)}.sqlite_schema WHERE name = 'sqlite_stat1'`).get() !== undefined;
    if (!hasStats) return () => null;
    // stat is "rows [rows per distinct key prefix…]"; CAST takes the leading integer.
    const statement = this.#db.prepare(`SELECT max(CAST(stat AS INTEGER)) FROM ${quote(schema)}.sqlite_stat1 WHERE tbl = ?`).pluck();
    return (table) => (statement.get(table) as number | null) ?? null;
  }

  #sql(schema: string, type: string, name: string): string | null {
    const sql = this.#db.prepare(`SELECT sql FROM ${quote(schema)}.sqlite_schema WHERE type = ? AND name = ?`).pluck().get(type, name);
    return (sql as string | null | undefined) ?? null;
  }

  #columns(schema: string, object: CatalogObject): ColumnInfo[] {
    const rows = this.#db.prepare('SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?, ?) ORDER BY cid').all(object.name, schema) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
      hidden: number;
    }[];
    const primaryKey = rows.filter((r) => r.pk > 0);
    // INTEGER PRIMARY KEY is the rowid and can never be NULL; so are all key columns of a
    // WITHOUT ROWID table. Other key columns of a rowid table accept NULL (a SQLite quirk).
    const rowidAlias = object.wr === 0 && primaryKey.length === 1 && primaryKey[0]!.type.toUpperCase() === 'INTEGER' ? primaryKey[0]!.name : null;
    return rows
      .filter((r) => r.hidden !== 1) // hidden columns of virtual tables
      .map((r) => ({
        name: r.name,
        dataType: r.type,
        nullable: r.notnull === 0 && r.name !== rowidAlias && !(object.wr === 1 && r.pk > 0),
        default: r.dflt_value,
        primaryKeyPosition: r.pk > 0 ? r.pk : null,
      }));
  }

  #indexes(schema: string, table: string): IndexInfo[] {
    const list = this.#db.prepare('SELECT name, "unique", origin FROM pragma_index_list(?, ?)').all(table, schema) as { name: string; unique: number; origin: string }[];
    const columnsOf = this.#db.prepare('SELECT cid, name FROM pragma_index_info(?, ?) ORDER BY seqno');
    return list
      .map((index) => ({
        name: index.name,
        columns: (columnsOf.all(index.name, schema) as { cid: number; name: string | null }[]).map((c) => c.name ?? (c.cid === -1 ? 'rowid' : '(expression)')),
        unique: index.unique === 1,
        primary: index.origin === 'pk',
        definition: this.#sql(schema, 'index', index.name), // null for automatic indexes
      }))
      .sort((a, b) => compare(a.name, b.name));
  }

  #foreignKeys(schema: string, table: string): ForeignKeyInfo[] {
    const rows = this.#db.prepare('SELECT id, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?, ?) ORDER BY id, seq').all(table, schema) as {
      id: number;
      table: string;
      from: string;
      to: string | null;
      on_update: string;
      on_delete: string;
    }[];
    const byId = Map.groupBy(rows, (r) => r.id);
    return [...byId.values()]
      .map((parts) => {
        const first = parts[0]!;
        const columns = parts.map((p) => p.from);
        // REFERENCES t without columns means t's primary key.
        const referencedColumns = parts.every((p) => p.to !== null) ? parts.map((p) => p.to!) : this.#primaryKey(schema, first.table);
        return {
          // SQLite keeps no constraint names in its catalog; this follows PostgreSQL's default naming.
          name: `${table}_${columns.join('_')}_fkey`,
          columns,
          referencedSchema: schema,
          referencedTable: first.table,
          referencedColumns,
          onUpdate: first.on_update,
          onDelete: first.on_delete,
        };
      })
      .sort((a, b) => compare(a.name, b.name));
  }

  #primaryKey(schema: string, table: string): string[] {
    return this.#db.prepare('SELECT name FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk').pluck().all(table, schema) as string[];
  }
}

/** Binary order, like PostgreSQL's for names. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
