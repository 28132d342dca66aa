// What each engine's home provides for the schema diff (db/<engine>/schema-model.ts and
// schema-ddl.ts), collected in one Record<Engine, …> (engines.ts): reading its catalog into
// the normalised model, and writing the DDL that changes one model into another. The
// comparison and the ordering of steps (plan.ts) never test an engine's name.
import type { Engine, ModelEnum, ModelForeignKey, ModelIndex, ModelSequence, ModelTable, ModelView, SchemaModel } from '../protocol/index.ts';

export type CatalogRow<K extends string = string> = Record<K, string | null>;
/** Runs one catalog query (text cells, as the driver returns them); `K` names the columns a reader uses. */
export type CatalogQuery = <K extends string = string>(sql: string) => Promise<CatalogRow<K>[]>;

export interface SchemaReader {
  /** The schema's tables, views, enums and sequences, every list sorted by name. */
  read(query: CatalogQuery, schema: string): Promise<SchemaModel>;
}

/** Names in the generated SQL: qualified with the target schema unless it is the session's own. */
export interface Names {
  /** A table, view, type or sequence name, qualified where needed. */
  object(name: string): string;
  /** An identifier as is (a column, a constraint). */
  id(name: string): string;
}

export interface TableChange {
  current: ModelTable;
  desired: ModelTable;
}

export interface SchemaDdl {
  /** Foreign keys are part of the table definition (SQLite): a changed one rebuilds its table. */
  inlineForeignKeys: boolean;
  /**
   * Statements around a script for a schema that is not the session's own, so that the
   * unqualified names inside view bodies, defaults and types land in it (PostgreSQL:
   * search_path; MySQL: USE), and the session is put back afterwards.
   */
  inSchema?(schema: string, sessionSchema: string, names: Names): { before: string; after: string };
  /** Statements run before and after the script (SQLite: foreign keys off during rebuilds). */
  wrap?(statements: string[]): string[];
  createTable(table: ModelTable, names: Names): string[];
  dropTable(table: ModelTable, names: Names): string[];
  /**
   * Turns `current` into `desired` (columns, keys, checks, indexes; foreign keys too when they
   * are inline).
   */
  alterTable(change: TableChange, names: Names): string[];
  createIndex(table: string, index: ModelIndex, names: Names): string;
  dropIndex(table: string, index: ModelIndex, names: Names): string;
  addForeignKey?(table: string, key: ModelForeignKey, names: Names): string;
  dropForeignKey?(table: string, key: ModelForeignKey, names: Names): string;
  createView(view: ModelView, names: Names): string;
  dropView(view: ModelView, names: Names): string;
  /** Enums and sequences, for engines that have them as objects of their own (PostgreSQL). */
  createEnum?(value: ModelEnum, names: Names): string[];
  /** `columns` use the enum now (they are converted when it has to be re-created). */
  alterEnum?(current: ModelEnum, desired: ModelEnum, columns: { table: string; column: string; default: string | null }[], names: Names): string[];
  dropEnum?(value: ModelEnum, names: Names): string[];
  createSequence?(sequence: ModelSequence, names: Names): string[];
  alterSequence?(current: ModelSequence, desired: ModelSequence, names: Names): string[];
  dropSequence?(sequence: ModelSequence, names: Names): string[];
}

export interface SchemaDiffEngine {
  reader: SchemaReader;
  ddl: SchemaDdl;
  /** A query answering one row `name`: the schema the session's unqualified names land in (there, names are not qualified). */
  sessionSchemaSql: string;
}

export type SchemaDiffEngines = Record<Engine, SchemaDiffEngine>;
