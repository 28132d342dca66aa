// The schema explorer's questions, answered from information_schema. Databases are the
// schemas; the server's own (information_schema, mysql, performance_schema, sys) are hidden.
//
// Speed on 10,000 tables: MariaDB and MySQL answer information_schema.TABLES from the
// directory listing when only names and types are asked, but open every table to report
// TABLE_ROWS, or reads every table's definition for TABLE_TYPE (0.7 s for 10,000 tables).
// So lists are filtered, sorted and paged on names alone, and the kinds and row estimates
// (InnoDB's statistics, as of the last ANALYZE TABLE or automatic recount) are then looked
// up for the page's tables only (#summaries).
import { NotFoundError } from '../../errors.ts';
import type { ColumnInfo, CompletionSchema, ForeignKeyInfo, IndexInfo, ObjectDetails, ObjectPage, ObjectSummary, SchemaSummary } from '../../protocol/index.ts';
import { DEFAULT_OBJECT_PAGE_SIZE, type ListObjectsOptions } from '../driver.ts';

export type Query = <Row>(sql: string, params?: unknown[]) => Promise<Row[]>;

const SYSTEM_SCHEMAS = ['information_schema', 'mysql', 'performance_schema', 'sys'];
const USER_SCHEMA = `TABLE_SCHEMA NOT IN (${SYSTEM_SCHEMAS.map((s) => `'${s}'`).join(', ')})`;
/** Names in byte order, as the other engines sort them (information_schema's collation ignores case and sorts _ after letters). */
const BY_NAME = 'CAST(TABLE_NAME AS BINARY)';
const CONTAINS = 'LOCATE(LOWER(?), LOWER(TABLE_NAME)) > 0';

interface NameRow {
  schema: string;
  name: string;
}

const kindOf = (type: string): ObjectSummary['kind'] => (type === 'VIEW' ? 'view' : 'table');

/** `a`.`b` with backticks doubled. */
const quote = (name: string) => `\`${name.replaceAll('`', '``')}\``;

export class MysqlMetadata {
  readonly #query: Query;
  readonly #database: string;

  constructor(query: Query, database: string) {
    this.#query = query;
    this.#database = database;
  }

  async listSchemas(): Promise<SchemaSummary[]> {
    const rows = await this.#query<{ name: string; objectCount: string }>(
      `SELECT s.SCHEMA_NAME AS name, COUNT(t.TABLE_NAME) AS objectCount
         FROM information_schema.SCHEMATA s LEFT JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.SCHEMA_NAME
        WHERE s.SCHEMA_NAME NOT IN (${SYSTEM_SCHEMAS.map((s) => `'${s}'`).join(', ')})
        GROUP BY s.SCHEMA_NAME ORDER BY s.SCHEMA_NAME`,
    );
    return rows.map((row) => ({ name: row.name, objectCount: Number(row.objectCount) }));
  }

  async listObjects(schema: string, { search, offset = 0, limit = DEFAULT_OBJECT_PAGE_SIZE }: ListObjectsOptions): Promise<ObjectPage> {
    const where = `TABLE_SCHEMA = ?${search ? ` AND ${CONTAINS}` : ''}`;
    const params = search ? [schema, search] : [schema];
    const [rows, [count]] = await Promise.all([
      this.#query<NameRow>(
        `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS name FROM information_schema.TABLES
          WHERE ${where} ORDER BY ${BY_NAME} LIMIT ? OFFSET ?`,
        [...params, limit, offset],
      ),
      this.#query<{ total: string }>(`SELECT COUNT(*) AS total FROM information_schema.TABLES WHERE ${where}`, params),
    ]);
    return { objects: await this.#summaries(rows), total: Number(count!.total) };
  }

  async searchObjects(query: string, limit: number): Promise<ObjectSummary[]> {
    const rows = await this.#query<NameRow>(
      `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS name FROM information_schema.TABLES
        WHERE ${USER_SCHEMA} AND ${CONTAINS}
        ORDER BY LOWER(TABLE_NAME) = LOWER(?) DESC, LOCATE(LOWER(?), LOWER(TABLE_NAME)) = 1 DESC, ${BY_NAME}, TABLE_SCHEMA
        LIMIT ?`,
      [query, query, query, limit],
    );
    return this.#summaries(rows);
  }

  async describe(schema: string, name: string): Promise<ObjectDetails> {
    const [object] = await this.#summaries(
      await this.#query<NameRow>(
        'SELECT TABLE_SCHEMA AS `schema`, TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
        [schema, name],
      ),
    );
    if (!object) throw new NotFoundError(`No table or view named "${name}" in database "${schema}".`);
    const [columns, indexes, foreignKeys, definition] = await Promise.all([
      this.#columns(schema, name),
      this.#indexes(schema, name),
      this.#foreignKeys(schema, name),
      object.kind === 'view' ? this.#viewDefinition(schema, name) : null,
    ]);
    return { ...object, columns, indexes, foreignKeys, definition };
  }

  async completionSchema(maxTables: number): Promise<CompletionSchema> {
    const [schemas, tables] = await Promise.all([
      this.#query<{ name: string }>(`SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (${SYSTEM_SCHEMAS.map((s) => `'${s}'`).join(', ')}) ORDER BY 1`),
      // Tables of the connection's database first: those are the ones written without a schema.
      this.#query<{ schema: string; name: string }>(
        `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS name FROM information_schema.TABLES WHERE ${USER_SCHEMA}
          ORDER BY TABLE_SCHEMA = ? DESC, TABLE_SCHEMA, ${BY_NAME} LIMIT ?`,
        [this.#database, maxTables + 1],
      ),
    ]);
    const chosen = tables.slice(0, maxTables);
    const columns = new Map(chosen.map((t) => [`${t.schema}\u0000${t.name}`, [] as string[]]));
    const inSchemas = [...new Set(chosen.map((t) => t.schema))];
    if (inSchemas.length > 0) {
      const rows = await this.#query<{ schema: string; name: string; column: string }>(
        `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS name, COLUMN_NAME AS \`column\` FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA IN (${inSchemas.map(() => '?').join(', ')}) ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
        inSchemas,
      );
      for (const row of rows) columns.get(`${row.schema}\u0000${row.name}`)?.push(row.column);
    }
    return {
      schemas: schemas.map((s) => s.name),
      defaultSchema: this.#database,
      tables: chosen.map((t) => ({ schema: t.schema, name: t.name, columns: columns.get(`${t.schema}\u0000${t.name}`)! })),
      truncated: tables.length > maxTables,
    };
  }

  /**
   * Each object's kind, and each table's row estimate: InnoDB's persistent statistics (mysql.innodb_table_stats,
   * one indexed read, no table opened) where the user may read them, else — other storage
   * engines, or no privilege — information_schema, table by table (see the top of this file).
   */
  async #summaries(names: NameRow[]): Promise<ObjectSummary[]> {
    const key = (schema: string, name: string) => `${schema}\u0000${name}`;
    const typed = await this.#lookUp<{ type: string }>('TABLE_TYPE AS type', names);
    const types = new Map(typed.map((row) => [key(row.schema, row.name), row.type]));
    // Dropped between the two queries: left out.
    const rows = names.filter((n) => types.has(key(n.schema, n.name))).map((n) => ({ ...n, type: types.get(key(n.schema, n.name))! }));
    const estimates = new Map<string, number | null>();
    let missing = rows.filter((row) => kindOf(row.type) === 'table');
    if (missing.length > 0) {
      const stats = await this.#query<{ schema: string; name: string; estimate: string }>(
        `SELECT database_name AS \`schema\`, table_name AS name, n_rows AS estimate FROM mysql.innodb_table_stats
          WHERE (database_name, table_name) IN (${missing.map(() => '(?, ?)').join(', ')})`,
        missing.flatMap((t) => [t.schema, t.name]),
      ).catch(() => []);
      for (const row of stats) estimates.set(key(row.schema, row.name), Number(row.estimate));
      missing = missing.filter((t) => !estimates.has(key(t.schema, t.name)));
    }
    if (missing.length > 0) {
      const found = await this.#lookUp<{ estimate: string | null }>('TABLE_ROWS AS estimate', missing);
      for (const row of found) estimates.set(key(row.schema, row.name), row.estimate === null ? null : Number(row.estimate));
    }
    return rows.map((row) => ({
      schema: row.schema,
      name: row.name,
      kind: kindOf(row.type),
      rowEstimate: estimates.get(key(row.schema, row.name)) ?? null,
    }));
  }

  /**
   * Columns of information_schema.TABLES for these tables only: by schema and a list of
   * names, which the server answers by reading just those tables' definitions.
   */
  async #lookUp<Extra>(columns: string, tables: NameRow[]): Promise<(NameRow & Extra)[]> {
    const bySchema = new Map<string, string[]>();
    for (const t of tables) bySchema.set(t.schema, [...(bySchema.get(t.schema) ?? []), t.name]);
    if (bySchema.size === 0) return [];
    return this.#query<NameRow & Extra>(
      [...bySchema.values()]
        .map((names) => `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS name, ${columns} FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${names.map(() => '?').join(', ')})`)
        .join(' UNION ALL '),
      [...bySchema].flatMap(([schema, names]) => [schema, ...names]),
    );
  }

  async #columns(schema: string, table: string): Promise<ColumnInfo[]> {
    const rows = await this.#query<{
      name: string;
      type: string;
      nullable: string;
      default: string | null;
      extra: string;
      generation: string | null;
      pk: string | null;
    }>(
      `SELECT c.COLUMN_NAME AS name, c.COLUMN_TYPE AS type, c.IS_NULLABLE AS nullable, c.COLUMN_DEFAULT AS \`default\`,
              c.EXTRA AS extra, c.GENERATION_EXPRESSION AS generation, k.SEQ_IN_INDEX AS pk
         FROM information_schema.COLUMNS c
         LEFT JOIN information_schema.STATISTICS k
           ON k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME AND k.INDEX_NAME = 'PRIMARY' AND k.COLUMN_NAME = c.COLUMN_NAME
        WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ?
        ORDER BY c.ORDINAL_POSITION`,
      [schema, table],
    );
    return rows.map((row) => ({
      name: row.name,
      dataType: row.type,
      nullable: row.nullable === 'YES',
      default: columnDefault(row),
      primaryKeyPosition: row.pk === null ? null : Number(row.pk),
    }));
  }

  async #indexes(schema: string, table: string): Promise<IndexInfo[]> {
    const rows = await this.#query<{ name: string; nonUnique: string; column: string | null; subPart: string | null; type: string }>(
      `SELECT INDEX_NAME AS name, NON_UNIQUE AS nonUnique, COLUMN_NAME AS \`column\`, SUB_PART AS subPart, INDEX_TYPE AS type
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
      [schema, table],
    );
    const indexes = new Map<string, { info: IndexInfo; parts: string[]; type: string }>();
    for (const row of rows) {
      let index = indexes.get(row.name);
      if (!index) {
        const primary = row.name === 'PRIMARY';
        index = { info: { name: row.name, columns: [], unique: row.nonUnique === '0', primary, definition: null }, parts: [], type: row.type };
        indexes.set(row.name, index);
      }
      // MySQL 8's functional key parts have no column name.
      const column = row.column ?? '(expression)';
      index.info.columns.push(column);
      index.parts.push(row.subPart === null ? quote(column) : `${quote(column)}(${row.subPart})`);
    }
    return [...indexes.values()].map(({ info, parts, type }) => ({ ...info, definition: indexDefinition(info, parts, type, table) }));
  }

  async #foreignKeys(schema: string, table: string): Promise<ForeignKeyInfo[]> {
    const rows = await this.#query<{
      name: string;
      column: string;
      refSchema: string;
      refTable: string;
      refColumn: string;
      onUpdate: string;
      onDelete: string;
    }>(
      `SELECT k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS \`column\`, k.REFERENCED_TABLE_SCHEMA AS refSchema,
              k.REFERENCED_TABLE_NAME AS refTable, k.REFERENCED_COLUMN_NAME AS refColumn, r.UPDATE_RULE AS onUpdate, r.DELETE_RULE AS onDelete
         FROM information_schema.KEY_COLUMN_USAGE k
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r
           ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
        WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
        ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
      [schema, table],
    );
    const keys = new Map<string, ForeignKeyInfo>();
    for (const row of rows) {
      let key = keys.get(row.name);
      if (!key) {
        key = { name: row.name, columns: [], referencedSchema: row.refSchema, referencedTable: row.refTable, referencedColumns: [], onUpdate: row.onUpdate, onDelete: row.onDelete };
        keys.set(row.name, key);
      }
      key.columns.push(row.column);
      key.referencedColumns.push(row.refColumn);
    }
    return [...keys.values()];
  }

  async #viewDefinition(schema: string, name: string): Promise<string | null> {
    const [row] = await this.#query<{ definition: string | null }>(
      'SELECT VIEW_DEFINITION AS definition FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [schema, name],
    );
    // The server qualifies every name with the view's own database; without it, it reads as written.
    return row?.definition?.replaceAll(`${quote(schema)}.`, '').trim() ?? null;
  }
}

/** What a column gets when an insert leaves it out: its default, AUTO_INCREMENT, or its generation expression. */
function columnDefault(row: { default: string | null; extra: string; generation: string | null }): string | null {
  const extra = row.extra.toUpperCase();
  if (extra.includes('AUTO_INCREMENT')) return 'AUTO_INCREMENT';
  if (row.generation) return `GENERATED ALWAYS AS (${row.generation}) ${/STORED|PERSISTENT/.test(extra) ? 'STORED' : 'VIRTUAL'}`;
  // MariaDB writes "NULL" for no default, and quotes string literals; MySQL gives them bare.
  if (row.default === null || row.default === 'NULL') return null;
  return row.default;
}

function indexDefinition(info: IndexInfo, parts: string[], type: string, table: string): string {
  const columns = parts.join(', ');
  if (info.primary) return `PRIMARY KEY (${columns})`;
  const kind = type === 'FULLTEXT' || type === 'SPATIAL' ? `${type} ` : info.unique ? 'UNIQUE ' : '';
  const using = type === 'HASH' ? ' USING HASH' : '';
  return `CREATE ${kind}INDEX ${quote(info.name)} ON ${quote(table)} (${columns})${using}`;
}
