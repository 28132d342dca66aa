// Migrations as the UI drives them over /ws/migrator. Isomorphic: no Node imports.
import * as z from 'zod';
import { commonClientMessages, commonServerMessages, RequestId } from './envelope.ts';
import { jobClientMessages, jobServerMessages } from './jobs.ts';

const ConnectionId = z.string().min(1).max(200);
/** A golang-migrate version: an unsigned integer, as decimal text (it may exceed 2^53). */
export const MigrationVersion = z.string().regex(/^\d{1,19}$/, 'a version is a whole number');
/** A migration file's name in its folder: `<version>_<name>.up.sql` or `.down.sql`. */
export const MigrationFileName = z.string().regex(/^\d{1,19}_[^/\\]{1,200}\.(up|down)\.sql$/, 'not a migration file name');
/** A migration's SQL (5 MB of text at most). */
const MigrationText = z.string().max(5_000_000);

export const MigrationState = z.enum(['applied', 'pending', 'changed', 'missing_file', 'dirty']);
export type MigrationState = z.infer<typeof MigrationState>;

export const MigrationStatusRow = z.object({
  version: z.string(),
  name: z.string(),
  upFile: z.string().nullable(),
  downFile: z.string().nullable(),
  /** applied; pending; changed (the up file differs from what was applied); missing_file (applied, no file any more); dirty (stopped part-way). */
  state: MigrationState,
  appliedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  /** sha256 of the up file when it was applied / as it is now. */
  appliedChecksum: z.string().nullable(),
  fileChecksum: z.string().nullable(),
  /** For a dirty version: statements that ran, and in which direction it stopped. */
  statementsDone: z.number().nullable(),
  direction: z.enum(['up', 'down']).nullable(),
});
export type MigrationStatusRow = z.infer<typeof MigrationStatusRow>;

export const MigrationStatus = z.object({
  connectionId: z.string(),
  folder: z.string(),
  /** The folder is the default `<home>/migrations/<connection-id>/`. */
  defaultFolder: z.boolean(),
  /** The history table exists in the database. */
  historyTable: z.boolean(),
  /** Ascending by version. */
  migrations: z.array(MigrationStatusRow),
  /** The dirty version that blocks migrate, if any. */
  dirtyVersion: z.string().nullable(),
  /** Whether a dry run rehearses in a transaction (PostgreSQL, SQLite) or only prints the plan (MySQL), and why. */
  rehearses: z.boolean(),
  rehearsalNote: z.string(),
  /** Why the status could not read the database (connection down…), shown with the files alone. */
  databaseError: z.string().nullable(),
});
export type MigrationStatus = z.infer<typeof MigrationStatus>;

export const MigrationHistoryRow = z.object({
  version: z.string(),
  name: z.string(),
  checksum: z.string(),
  appliedAt: z.string(),
  durationMs: z.number(),
  dirty: z.boolean(),
  statementsDone: z.number(),
  direction: z.enum(['up', 'down']),
});
export type MigrationHistoryRow = z.infer<typeof MigrationHistoryRow>;

/** Up to a version (inclusive), or everything pending. */
const Migrate = z.object({ type: z.literal('migrate'), id: RequestId, connectionId: ConnectionId, toVersion: MigrationVersion.optional() });
/** `steps` (default 1) newest applied versions, or every applied version above `toVersion` (0: all). */
const Rollback = z.object({
  type: z.literal('rollback'),
  id: RequestId,
  connectionId: ConnectionId,
  steps: z.number().int().min(1).max(100_000).optional(),
  toVersion: MigrationVersion.optional(),
}).refine((m) => m.steps === undefined || m.toVersion === undefined, { message: 'Give steps or toVersion, not both', path: ['toVersion'] });
const DryRun = z.object({
  type: z.literal('dry_run'),
  id: RequestId,
  connectionId: ConnectionId,
  direction: z.enum(['up', 'down']).default('up'),
  toVersion: MigrationVersion.optional(),
  steps: z.number().int().min(1).max(100_000).optional(),
});

export const MigratorClientMessage = z.discriminatedUnion('type', [
  ...commonClientMessages,
  ...jobClientMessages,
  z.object({ type: z.literal('status'), id: RequestId, connectionId: ConnectionId }),
  z.object({ type: z.literal('history'), id: RequestId, connectionId: ConnectionId }),
  /** Link another folder (absolute path) to the connection; null: back to the default. Answered with status. */
  z.object({ type: z.literal('set_folder'), id: RequestId, connectionId: ConnectionId, folder: z.string().min(1).max(4096).nullable() }),
  /** Creates `<next version>_<name>.up.sql` / `.down.sql`. Answered with `created`. */
  z.object({ type: z.literal('new'), id: RequestId, connectionId: ConnectionId, name: z.string().min(1).max(200), up: MigrationText.optional(), down: MigrationText.optional() }),
  z.object({ type: z.literal('read_file'), id: RequestId, connectionId: ConnectionId, file: MigrationFileName }),
  z.object({ type: z.literal('save_file'), id: RequestId, connectionId: ConnectionId, file: MigrationFileName, text: MigrationText }),
  Migrate,
  Rollback,
  DryRun,
  /** Clears a dirty version after fixing the database by hand: `applied` keeps it as applied, `not_applied` forgets it. */
  z.object({ type: z.literal('resolve'), id: RequestId, connectionId: ConnectionId, version: MigrationVersion, as: z.enum(['applied', 'not_applied']) }),
]);
export type MigratorClientMessage = z.infer<typeof MigratorClientMessage>;

export const MigratorServerMessage = z.discriminatedUnion('type', [
  ...commonServerMessages,
  ...jobServerMessages,
  z.object({ type: z.literal('status'), id: RequestId.optional(), status: MigrationStatus }),
  z.object({ type: z.literal('history'), id: RequestId, connectionId: z.string(), history: z.array(MigrationHistoryRow) }),
  z.object({ type: z.literal('created'), id: RequestId, connectionId: z.string(), version: z.string(), upFile: z.string(), downFile: z.string() }),
  z.object({ type: z.literal('file'), id: RequestId, connectionId: z.string(), file: z.string(), text: z.string() }),
  z.object({ type: z.literal('saved'), id: RequestId, connectionId: z.string(), file: z.string(), sha256: z.string() }),
  /** Pushed to every client when a connection's files or history changed (new, save, resolve, a run ended): ask for status again. */
  z.object({ type: z.literal('changed'), connectionId: z.string() }),
]);
export type MigratorServerMessage = z.infer<typeof MigratorServerMessage>;
