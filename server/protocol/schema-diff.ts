// The normalised schema model (what the schema diff compares and the ER diagram draws) and
// the diff's request and answer. Every engine's catalog is read into this one shape
// (db/<engine>/schema-model.ts); texts that only the engine understands — a type, a
// default, an index or check definition — are kept as the engine writes them, so a model
// is compared and regenerated only against a model of the same engine. Isomorphic.
import * as z from 'zod';

export const ModelColumn = z.object({
  name: z.string(),
  /** The engine's type text: "integer", "varchar(20)", "TEXT". */
  type: z.string(),
  nullable: z.boolean(),
  /** The default as an SQL expression, or null. */
  default: z.string().nullable(),
  /** How values are generated: identity (PostgreSQL), serial (a PostgreSQL owned sequence), auto-increment. */
  identity: z.enum(['always', 'by-default', 'serial', 'auto-increment']).nullable(),
});
export type ModelColumn = z.infer<typeof ModelColumn>;

/** A primary key or unique constraint. `name` is null where the engine does not name it (SQLite, MySQL's PRIMARY). */
export const ModelKey = z.object({ name: z.string().nullable(), columns: z.array(z.string()) });
export type ModelKey = z.infer<typeof ModelKey>;

export const ModelIndex = z.object({
  name: z.string(),
  unique: z.boolean(),
  /** Key columns or expressions, for display. */
  columns: z.array(z.string()),
  /** The engine's comparable definition (columns, order, method, predicate), regenerated as is. */
  definition: z.string(),
  /** The engine's own CREATE text where it keeps one (SQLite): re-creating the object from it leaves the schema as it was written. Never compared. */
  sql: z.string().optional(),
});
export type ModelIndex = z.infer<typeof ModelIndex>;

export const ModelForeignKey = z.object({
  name: z.string().nullable(),
  columns: z.array(z.string()),
  refTable: z.string(),
  refColumns: z.array(z.string()),
  onDelete: z.string(),
  onUpdate: z.string(),
});
export type ModelForeignKey = z.infer<typeof ModelForeignKey>;

/** `definition` is "CHECK (…)" as the engine prints it. */
export const ModelCheck = z.object({ name: z.string().nullable(), definition: z.string() });
export type ModelCheck = z.infer<typeof ModelCheck>;

export const ModelTable = z.object({
  name: z.string(),
  columns: z.array(ModelColumn),
  primaryKey: ModelKey.nullable(),
  uniques: z.array(ModelKey),
  indexes: z.array(ModelIndex),
  foreignKeys: z.array(ModelForeignKey),
  checks: z.array(ModelCheck),
  /** The engine's own CREATE text where it keeps one (SQLite): re-creating the object from it leaves the schema as it was written. Never compared. */
  sql: z.string().optional(),
});
export type ModelTable = z.infer<typeof ModelTable>;

export const ModelView = z.object({
  name: z.string(),
  definition: z.string(),
  /** The engine's own CREATE text where it keeps one (SQLite): re-creating the object from it leaves the schema as it was written. Never compared. */
  sql: z.string().optional(),
});
export type ModelView = z.infer<typeof ModelView>;

export const ModelEnum = z.object({ name: z.string(), values: z.array(z.string()) });
export type ModelEnum = z.infer<typeof ModelEnum>;

export const ModelSequence = z.object({
  name: z.string(),
  type: z.string(),
  start: z.string(),
  increment: z.string(),
  min: z.string(),
  max: z.string(),
  cycle: z.boolean(),
});
export type ModelSequence = z.infer<typeof ModelSequence>;

export const SchemaModel = z.object({
  engine: z.enum(['sqlite', 'postgres', 'mysql']),
  schema: z.string(),
  tables: z.array(ModelTable),
  views: z.array(ModelView),
  enums: z.array(ModelEnum),
  sequences: z.array(ModelSequence),
});
export type SchemaModel = z.infer<typeof SchemaModel>;

export const DiffObjectKind = z.enum(['table', 'column', 'primary-key', 'unique', 'index', 'foreign-key', 'check', 'view', 'enum', 'sequence']);
export type DiffObjectKind = z.infer<typeof DiffObjectKind>;

/** One difference: what the source has and what the target has (null where absent), one line each. */
export const DiffItem = z.object({
  /** Stable identity, e.g. "column:books.title". */
  key: z.string(),
  kind: DiffObjectKind,
  /** The table it belongs to (the object's own name for tables and views), for grouping. */
  table: z.string(),
  name: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  source: z.string().nullable(),
  target: z.string().nullable(),
  /** Applying it can lose data (a dropped table or column, a narrowed type…). */
  destructive: z.boolean(),
});
export type DiffItem = z.infer<typeof DiffItem>;

export const SchemaRef = z.object({ connectionId: z.string().min(1).max(200), schema: z.string().max(200) });
export type SchemaRef = z.infer<typeof SchemaRef>;

export const SchemaDiffRequest = z.object({
  source: SchemaRef,
  target: SchemaRef,
  /** Without it, nothing only the target has is dropped: those drops are listed as skipped. */
  allowDrops: z.boolean().default(false),
});
export type SchemaDiffRequest = z.infer<typeof SchemaDiffRequest>;

export const SchemaDiffResult = z.object({
  engine: SchemaModel.shape.engine,
  differences: z.array(DiffItem),
  /** Makes the target equal to the source (minus skipped drops), in the target's dialect. */
  up: z.string(),
  /** Brings the target back to what it is now. */
  down: z.string(),
  warnings: z.array(z.string()),
  /** Drops left out because drops were not allowed. */
  skipped: z.array(z.string()),
});
export type SchemaDiffResult = z.infer<typeof SchemaDiffResult>;

/** golang-migrate style name part: letters, digits, _ and -. */
export const MigrationName = z.string().trim().min(1, 'Give the migration a name').max(100).regex(/^[\w-]+$/, 'Use letters, digits, _ and - only');

export const SaveMigrationRequest = z.object({ name: MigrationName, up: z.string().min(1).max(4 * 1024 * 1024), down: z.string().max(4 * 1024 * 1024) });
export type SaveMigrationRequest = z.infer<typeof SaveMigrationRequest>;

export const SavedMigration = z.object({ version: z.string(), upFile: z.string(), downFile: z.string() });
export type SavedMigration = z.infer<typeof SavedMigration>;
