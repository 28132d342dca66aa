// The data explorer's contract (server/table-data/, app/data/): a table's facts, a page of
// its rows, its count, and staged edits previewed as SQL then applied in one transaction.
//
// Values travel as text (what the engine prints) or null; a binary column's values are
// uppercase hex digits without a prefix, both ways.
import * as z from 'zod';
import { Cell } from './query.ts';

const Name = z.string().min(1).max(256);

export const TableRef = z.object({ schema: z.string().max(256), table: Name });
export type TableRef = z.infer<typeof TableRef>;

export const DataColumn = z.object({
  name: z.string(),
  dataType: z.string(),
  nullable: z.boolean(),
  default: z.string().nullable(),
  /** Filled by the database when omitted on insert (serial, identity, AUTO_INCREMENT, INTEGER PRIMARY KEY). */
  autoIncrement: z.boolean(),
  /** A number type (right-aligned; a JSON export writes its values as numbers). */
  numeric: z.boolean(),
  /** Values are hex (bytea, BLOB, VARBINARY…). */
  binary: z.boolean(),
  /** Part of the row identity (primary or unique not-null key). */
  key: z.boolean(),
});
export type DataColumn = z.infer<typeof DataColumn>;

export const ForeignLink = z.object({
  name: z.string(),
  /** Columns of the table holding the reference. */
  columns: z.array(z.string()),
  /** The other table: the referenced one for `references`, the referencing one for `referencedBy`. */
  schema: z.string(),
  table: z.string(),
  /** Columns of the referenced table (for `referencedBy`: of this table). */
  referencedColumns: z.array(z.string()),
});
export type ForeignLink = z.infer<typeof ForeignLink>;

export const TableInfo = z.object({
  schema: z.string(),
  table: z.string(),
  kind: z.string(),
  columns: z.array(DataColumn),
  /** The columns that identify a row, or null: the table is read-only, `readOnlyReason` says why. */
  key: z.array(z.string()).nullable(),
  readOnlyReason: z.string().nullable(),
  references: z.array(ForeignLink),
  referencedBy: z.array(ForeignLink),
  estimate: z.number().nullable(),
});
export type TableInfo = z.infer<typeof TableInfo>;

export const SortTerm = z.object({ column: Name, descending: z.boolean().default(false) });
export type SortTerm = z.infer<typeof SortTerm>;

const MAX_IN = 1000;
export const Filter = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('equals'), column: Name, value: z.string().max(1_000_000) }),
  z.object({ kind: z.literal('contains'), column: Name, value: z.string().max(10_000) }),
  z.object({ kind: z.literal('range'), column: Name, min: z.string().max(10_000).nullable(), max: z.string().max(10_000).nullable() }),
  z.object({ kind: z.literal('null'), column: Name, isNull: z.boolean() }),
  z.object({ kind: z.literal('in'), column: Name, values: z.array(z.string().max(10_000)).min(1).max(MAX_IN) }),
]);
export type Filter = z.infer<typeof Filter>;

/** What a view shows: the table, its filters, the free WHERE text, the sort. */
export const DataView = TableRef.extend({
  filters: z.array(Filter).max(100).default([]),
  /** A boolean SQL expression, run inside a read-only transaction as one statement. */
  where: z.string().max(100_000).default(''),
  sort: z.array(SortTerm).max(32).default([]),
});
export type DataView = z.infer<typeof DataView>;

export const PageRequest = DataView.extend({
  /**
   * Where the page starts: `first`, `last`, or after / before a row given by its values of
   * the view's order columns (the sort, then the key), as returned in `PageResponse.order`.
   */
  from: z.discriminatedUnion('at', [
    z.object({ at: z.literal('first') }),
    z.object({ at: z.literal('last') }),
    z.object({ at: z.literal('after'), row: z.array(Cell).max(64) }),
    z.object({ at: z.literal('before'), row: z.array(Cell).max(64) }),
    /** Only for a table without a key (a view, a heap): there is nothing to page by but the offset. */
    z.object({ at: z.literal('offset'), offset: z.number().int().min(0) }),
  ]).default({ at: 'first' }),
  limit: z.number().int().min(1).max(5000).default(200),
});
export type PageRequest = z.input<typeof PageRequest>;

export const BoundStatement = z.object({ sql: z.string(), params: z.array(Cell) });
export type BoundStatement = z.infer<typeof BoundStatement>;

export const PageResponse = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(Cell)),
  /** The order columns (sort, then key) whose values a cursor gives, in order. */
  order: z.array(z.string()),
  /** More rows exist past the page's end (in its direction of reading). */
  more: z.boolean(),
  /** The view's SQL as it ran, with its parameters; `text` inlines them as literals, for the editor. */
  statement: BoundStatement,
  text: z.string(),
  elapsedMs: z.number(),
});
export type PageResponse = z.infer<typeof PageResponse>;

export const CountRequest = DataView.extend({ exact: z.boolean().default(false) });
export type CountRequest = z.input<typeof CountRequest>;
/** `count` null: not counted (a filtered view of a big table: counting could take long) — ask with `exact`. */
export const CountResponse = z.object({ count: z.number().nullable(), exact: z.boolean() });
export type CountResponse = z.infer<typeof CountResponse>;

const Values = z.record(z.string(), Cell);
export const Change = z.discriminatedUnion('kind', [
  /** `original` holds the edited columns' values as read; `values` their new values. */
  z.object({ kind: z.literal('update'), key: Values, original: Values, values: Values }),
  /** Omitted columns get their default (or the next auto-increment value). */
  z.object({ kind: z.literal('insert'), values: Values }),
  z.object({ kind: z.literal('delete'), key: Values }),
]);
export type Change = z.infer<typeof Change>;

export const ChangeSet = TableRef.extend({ changes: z.array(Change).min(1).max(10_000) });
export type ChangeSet = z.infer<typeof ChangeSet>;

export const PreviewResponse = z.object({ statements: z.array(BoundStatement.extend({ text: z.string() })) });
export type PreviewResponse = z.infer<typeof PreviewResponse>;

export const ApplyResponse = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** Each insert's new row, in the order of `columns` (defaults and generated keys filled). */
    inserted: z.array(z.array(Cell)),
    columns: z.array(z.string()),
    updated: z.number(),
    deleted: z.number(),
  }),
  z.object({
    ok: z.literal(false),
    /** Index of the failing change in the request; nothing was applied. */
    change: z.number(),
    reason: z.enum(['stale', 'not_found', 'error']),
    message: z.string(),
  }),
]);
export type ApplyResponse = z.infer<typeof ApplyResponse>;

export const DataExportRequest = z.object({
  /** The DataView as JSON (this arrives as a form post, so the browser streams the download). */
  view: z.string().max(1024 * 1024),
  format: z.enum(['csv', 'json', 'ndjson']),
  filename: z.string().max(100).regex(/^[\w.-]*$/).optional(),
});
export type DataExportRequest = z.infer<typeof DataExportRequest>;
