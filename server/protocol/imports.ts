// Importing a CSV, JSON-array or NDJSON file into a table: the upload, its preview with
// detected settings, the plan (new table's CREATE TABLE, or the mapping onto an existing
// one) and the import request, which becomes a job. Isomorphic: no Node imports.
import * as z from 'zod';

export const ImportFormat = z.enum(['csv', 'json', 'ndjson']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** `latin1` decodes as the WHATWG "latin1" label does (Windows-1252, a superset of ISO-8859-1's printable range). */
export const ImportEncoding = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'latin1']);
export type ImportEncoding = z.infer<typeof ImportEncoding>;

export const ParseSettings = z.object({
  format: ImportFormat,
  encoding: ImportEncoding,
  /** CSV only. */
  delimiter: z.string().min(1).max(4),
  /** CSV only; "" = no quoting. */
  quote: z.string().max(1),
  /** CSV only: the first row holds column names. */
  header: z.boolean(),
});
export type ParseSettings = z.infer<typeof ParseSettings>;

/** The kinds of values an import checks and a new table's columns get. */
export const ImportColumnType = z.enum(['integer', 'numeric', 'boolean', 'date', 'timestamp', 'timestamptz', 'text']);
export type ImportColumnType = z.infer<typeof ImportColumnType>;

export const UploadId = z.string().regex(/^[a-f0-9]{32}$/, 'Not an upload id.');

export const ImportUpload = z.object({ uploadId: UploadId, name: z.string(), size: z.number().int().nonnegative() });
export type ImportUpload = z.infer<typeof ImportUpload>;

export const SourceColumn = z.object({
  /** The header's name (or column_N / the JSON key). */
  name: z.string(),
  /** A safe name for a new table's column. */
  sanitized: z.string(),
  /** Inferred from the sample. */
  type: ImportColumnType,
});
export type SourceColumn = z.infer<typeof SourceColumn>;

export const ImportProblem = z.object({ line: z.number().int().nullable(), message: z.string() });
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportPreview = z.object({
  upload: ImportUpload,
  /** What detection found. */
  detected: ParseSettings,
  /** What was used: the detected settings with the request's overrides. */
  settings: ParseSettings,
  columns: z.array(SourceColumn),
  /** The first rows, as text (null for JSON null). */
  rows: z.array(z.array(z.string().nullable())),
  /** Reading the sample failed (bad encoding, bad quote…): the first problem, with its line. */
  problem: ImportProblem.nullable(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const PreviewRequest = z.object({ settings: ParseSettings.partial().optional() });

const Name = z.string().trim().min(1).max(128);

export const NewTableColumn = z.object({ name: Name, type: ImportColumnType, source: z.number().int().min(0).max(4095) });
export type NewTableColumn = z.infer<typeof NewTableColumn>;
export const ColumnMapping = z.object({ column: z.string().min(1).max(128), source: z.number().int().min(0).max(4095) });
export type ColumnMapping = z.infer<typeof ColumnMapping>;

export const ImportTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('new'), schema: Name, table: Name, columns: z.array(NewTableColumn).min(1).max(4096) }),
  /** Without `mapping`, source columns go to the table's columns of the same name (else by position). */
  z.object({ type: z.literal('existing'), schema: Name, table: Name, mapping: z.array(ColumnMapping).min(1).max(4096).optional() }),
]);
export type ImportTarget = z.infer<typeof ImportTarget>;

/** `transaction`: all or nothing. `batch`: each batch commits; rejected rows are skipped and reported. */
export const ImportMode = z.enum(['transaction', 'batch']);
export type ImportMode = z.infer<typeof ImportMode>;

export const ImportRequest = z.object({
  uploadId: UploadId,
  settings: ParseSettings,
  target: ImportTarget,
  mode: ImportMode.default('transaction'),
  batchRows: z.number().int().min(1).max(100_000).optional(),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

export const PlannedColumn = z.object({ column: z.string(), sqlType: z.string(), type: ImportColumnType, source: z.number().int() });
export type PlannedColumn = z.infer<typeof PlannedColumn>;

export const ImportPlan = z.object({
  /** New table: the statement that creates it. */
  createSql: z.string().nullable(),
  /** Existing table: its columns (mapped or not). */
  tableColumns: z.array(z.object({ name: z.string(), sqlType: z.string(), type: ImportColumnType, nullable: z.boolean() })),
  /** Each imported column: where its values come from and what they must be. */
  columns: z.array(PlannedColumn),
});
export type ImportPlan = z.infer<typeof ImportPlan>;

/** What a finished import's job result carries in `data`. */
export const ImportOutcome = z.object({
  table: z.string(),
  rows: z.number(),
  rejected: z.number(),
  /** The first rejected rows (at most 1,000), with why. */
  rejectedRows: z.array(ImportProblem),
  createdTable: z.boolean(),
});
export type ImportOutcome = z.infer<typeof ImportOutcome>;
