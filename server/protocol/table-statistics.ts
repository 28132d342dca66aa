// GET /api/connections/:id/table-statistics: per table sizes, rows, maintenance and scan
// counts, and indexes no query has used — the figures a DBA sorts to find what to vacuum,
// index or drop. A figure the engine does not keep is null (shown as "–"), never 0.
import * as z from 'zod';

const count = z.number().nullable();

export const TableStatistic = z.object({
  schema: z.string(),
  name: z.string(),
  /** Exact, or the engine's estimate when `rowsEstimated`. */
  rows: count,
  rowsEstimated: z.boolean(),
  deadRows: count,
  tableBytes: count,
  indexBytes: count,
  /** PostgreSQL's out-of-line storage for large values. */
  toastBytes: count,
  totalBytes: count,
  lastVacuum: z.string().nullable(),
  lastAnalyze: z.string().nullable(),
  seqScans: count,
  indexScans: count,
});
export type TableStatistic = z.infer<typeof TableStatistic>;

export const UnusedIndex = z.object({
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  bytes: count,
});
export type UnusedIndex = z.infer<typeof UnusedIndex>;

export const TableStatistics = z.object({
  tables: z.array(TableStatistic),
  /** Non-unique indexes with no scan since statistics were last reset; null when the engine cannot tell. */
  unusedIndexes: z.array(UnusedIndex).nullable(),
  /** What is missing and how to get it (e.g. performance_schema off), or null. */
  note: z.string().nullable(),
});
export type TableStatistics = z.infer<typeof TableStatistics>;
