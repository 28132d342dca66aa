// Backups and restores as the UI sees them over /ws/backups, and each backup's manifest —
// the JSON file written beside the backup once it is complete (a backup without one is
// not complete). Isomorphic: no Node imports.
import * as z from 'zod';
import { commonClientMessages, commonServerMessages, RequestId } from './envelope.ts';
import { jobClientMessages, jobServerMessages } from './jobs.ts';
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
});
export type BackupManifest = z.infer<typeof BackupManifest>;

/** Where a restore goes: a saved connection's database, or a new SQLite file. */
export const RestoreTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connection'), connectionId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('new-file'), file: z.string().trim().min(1).max(4096) }),
]);
export type RestoreTarget = z.infer<typeof RestoreTarget>;

// ── client → server ───────────────────────────────────────────────────────────────────
export const StartBackup = z.object({
  type: z.literal('start_backup'),
  id: RequestId,
  connectionId: z.string().min(1).max(200),
  kind: BackupKind.default('full'),
  tables: z.array(TableName).max(10_000).optional(),
}).refine((m) => m.kind !== 'tables' || (m.tables?.length ?? 0) > 0, { message: 'Choose at least one table', path: ['tables'] });
export const ListBackups = z.object({ type: z.literal('list_backups'), id: RequestId, connectionId: z.string().min(1).max(200).optional() });
export const DeleteBackup = z.object({ type: z.literal('delete_backup'), id: RequestId, backupId: BackupId });
export const VerifyBackup = z.object({ type: z.literal('verify_backup'), id: RequestId, backupId: BackupId, level: z.enum(['quick', 'full']).default('full') });
export const RestoreBackup = z.object({
  type: z.literal('restore_backup'),
  id: RequestId,
  backupId: BackupId,
  target: RestoreTarget,
  /** PostgreSQL: drop the objects before creating them (`pg_restore --clean --if-exists`). */
  clean: z.boolean().default(false),
  /** Restoring over a database that holds tables needs its name typed here. */
  confirmName: z.string().max(4096).optional(),
});

export const BackupsClientMessage = z.discriminatedUnion('type', [
  ...commonClientMessages,
  ...jobClientMessages,
  StartBackup,
  ListBackups,
  DeleteBackup,
  VerifyBackup,
  RestoreBackup,
]);
export type BackupsClientMessage = z.infer<typeof BackupsClientMessage>;

// ── server → client ───────────────────────────────────────────────────────────────────
/** The complete backups (of one connection, or all), newest first; on open and on list_backups. */
export const BackupsList = z.object({ type: z.literal('backups'), id: RequestId.optional(), backups: z.array(BackupManifest) });
/** A backup appeared or changed (verified…), pushed to every client. */
export const BackupChanged = z.object({ type: z.literal('backup'), backup: BackupManifest });
/** A backup was deleted; answers delete_backup (with its id) and is pushed to every client. */
export const BackupDeleted = z.object({ type: z.literal('backup_deleted'), id: RequestId.optional(), backupId: BackupId });

export const BackupsServerMessage = z.discriminatedUnion('type', [
  ...commonServerMessages,
  ...jobServerMessages,
  BackupsList,
  BackupChanged,
  BackupDeleted,
]);
export type BackupsServerMessage = z.infer<typeof BackupsServerMessage>;
