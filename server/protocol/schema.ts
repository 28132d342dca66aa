// Database structure as the schema explorer shows it (REST: /api/connections/:id/...).
import * as z from 'zod';

export const ObjectKind = z.enum(['table', 'view', 'materialized_view']);
export type ObjectKind = z.infer<typeof ObjectKind>;

export const SchemaSummary = z.object({ name: z.string(), objectCount: z.number().int().nullable() });
export type SchemaSummary = z.infer<typeof SchemaSummary>;

export const ObjectSummary = z.object({
  schema: z.string(),
  name: z.string(),
  kind: ObjectKind,
  /** Planner/statistics estimate, not an exact count; null when unknown. */
  rowEstimate: z.number().nullable(),
});
export type ObjectSummary = z.infer<typeof ObjectSummary>;

export const ObjectPage = z.object({ objects: z.array(ObjectSummary), total: z.number().int() });
export type ObjectPage = z.infer<typeof ObjectPage>;

export const ColumnInfo = z.object({
  name: z.string(),
  dataType: z.string(),
  nullable: z.boolean(),
  default: z.string().nullable(),
  /** 1-based position in the primary key, or null. */
  primaryKeyPosition: z.number().int().nullable(),
});
export type ColumnInfo = z.infer<typeof ColumnInfo>;

export const IndexInfo = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  unique: z.boolean(),
  primary: z.boolean(),
  /** Full definition where the engine has one (e.g. CREATE INDEX …). */
  definition: z.string().nullable(),
});
export type IndexInfo = z.infer<typeof IndexInfo>;

export const ForeignKeyInfo = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  referencedSchema: z.string(),
  referencedTable: z.string(),
  referencedColumns: z.array(z.string()),
  onUpdate: z.string().nullable(),
  onDelete: z.string().nullable(),
});
export type ForeignKeyInfo = z.infer<typeof ForeignKeyInfo>;

export const ObjectDetails = ObjectSummary.extend({
  columns: z.array(ColumnInfo),
  indexes: z.array(IndexInfo),
  foreignKeys: z.array(ForeignKeyInfo),
  /** View definition (SELECT …) for views. */
  definition: z.string().nullable(),
});
export type ObjectDetails = z.infer<typeof ObjectDetails>;

/** An object's CREATE statements ("Show DDL") and where they came from (e.g. "pg_dump (PostgreSQL) 15.18"). */
export const ObjectDdl = z.object({ ddl: z.string(), source: z.string() });
export type ObjectDdl = z.infer<typeof ObjectDdl>;

/** Tables and their columns for editor autocomplete, bounded for huge databases. */
export const CompletionSchema = z.object({
  schemas: z.array(z.string()),
  defaultSchema: z.string(),
  tables: z.array(z.object({ schema: z.string(), name: z.string(), columns: z.array(z.string()) })),
  /** True when the database has more tables than were returned. */
  truncated: z.boolean(),
});
export type CompletionSchema = z.infer<typeof CompletionSchema>;
