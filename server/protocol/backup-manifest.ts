// A backup's manifest — the JSON file written beside the archive once it is complete (a
// backup without one is not complete) — and what it is made of. Isomorphic: no Node imports.
import * as z from 'zod';
import { Engine } from './connections.ts';

/** What a backup holds: everything, only the schema, only the data, or chosen tables (schema and data). */
export const BackupKind = z.enum(['full', 'schema-only', 'data-only', 'tables']);
export type BackupKind = z.infer<typeof BackupKind>;

export const BackupId = z.string().regex(/^[\w-]{1,80}$/, 'Not a backup id');

/** A table named in a backup: `schema` is the engine's (SQLite: "main"). */
export const TableName = z.object({ schema: z.string().min(1).max(200), name: z.string().min(1).max(200) });
export type TableName = z.infer<typeof TableName>;

/** Per-table facts captured in the same snapshot as the backup, compared by a full verify. */
export const TableStats = TableName.extend({
  rows: z.number().int().nonnegative(),
  /** Order-independent fingerprint of the table's rows; equal data, equal checksum. */
  checksum: z.string(),
});
export type TableStats = z.infer<typeof TableStats>;

export const TableCheck = TableName.extend({
  expectedRows: z.number().int().nonnegative().nullable(),
  actualRows: z.number().int().nonnegative().nullable(),
  ok: z.boolean(),
  /** What differed, e.g. "checksum differs", "missing after restore". */
  problem: z.string().optional(),
});
export type TableCheck = z.infer<typeof TableCheck>;

export const Verification = z.object({
  /** quick: the archive reads back and its sha256 is unchanged; full: restored into a scratch target and compared. */
  level: z.enum(['quick', 'full']),
  ok: z.boolean(),
  at: z.string(),
  /** One line for people, e.g. "12 tables identical" or "orders: 10 rows expected, 9 restored". */
  summary: z.string(),
  tables: z.array(TableCheck).optional(),
});
export type Verification = z.infer<typeof Verification>;

export const BackupManifest = z.object({
  id: BackupId,
  connectionId: z.string(),
  connectionName: z.string(),
  engine: Engine,
  /** e.g. "PostgreSQL 15.18". */
  serverVersion: z.string(),
  /** What wrote the file, e.g. "pg_dump (PostgreSQL) 15.18" or "SQLite online backup API 3.50.2". */
  tool: z.string(),
  kind: BackupKind,
  /** For kind `tables`: the chosen ones. */
  tables: z.array(TableName).optional(),
  /** The archive's name in the connection's backup folder. */
  file: z.string(),
  /** How the archive is stored, e.g. "pg_dump custom format (zlib)" or "gzip". */
  format: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Per-table rows and checksums from the backup's own snapshot (absent for schema-only). */
  tableStats: z.array(TableStats),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
  /** The latest verification, quick or full. */
  verification: Verification.nullable(),
  /** A full verification that passed, kept even when a later quick one replaces `verification`. */
  verifiedAt: z.string().nullable(),
  /** The schedule that made it (its retention rule applies to it), or null when started by hand. */
  scheduleId: z.string().nullable().default(null),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

/** Where a restore goes: a saved connection's database, or a new SQLite file. */
export const RestoreTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connection'), connectionId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('new-file'), file: z.string().trim().min(1).max(4096) }),
]);
export type RestoreTarget = z.infer<typeof RestoreTarget>;
