// Saved database connections as the UI and the REST API see them. Passwords travel only
// from the UI to the server (create/edit/test); no response ever contains one.
import * as z from 'zod';
import { MysqlSettings } from '../db/mysql/settings.ts';
import { PostgresSettings } from '../db/postgres/settings.ts';
import { SqliteSettings } from '../db/sqlite/settings.ts';

/** Every engine, in the order the connection form offers them (the first is its default). */
export const ENGINES = ['postgres', 'mysql', 'sqlite'] as const;
export const Engine = z.enum(ENGINES);
export type Engine = z.infer<typeof Engine>;

/** Each engine's settings, from its home (db/<engine>/settings.ts). */
const SETTINGS = {
  postgres: PostgresSettings,
  mysql: MysqlSettings,
  sqlite: SqliteSettings,
} satisfies { [E in Engine]: z.ZodType<{ engine: E }> };
type SettingsSchema = (typeof SETTINGS)[Engine];

/** Everything needed to reach a database, except the password. */
export const ConnectionSettings = z.discriminatedUnion('engine', Object.values(SETTINGS) as [SettingsSchema, ...SettingsSchema[]]);
export type ConnectionSettings = z.infer<typeof ConnectionSettings>;
/** One engine's settings. */
export type SettingsOf<E extends Engine> = Extract<ConnectionSettings, { engine: E }>;

export const ConnectionInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100),
  settings: ConnectionSettings,
  /**
   * New password. Omitted on edit = keep the saved one; null = remove it.
   * Never echoed back: responses only say `hasPassword`.
   */
  password: z.string().max(4096).nullable().optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
});
export type ConnectionInput = z.infer<typeof ConnectionInput>;

/** A saved connection as the API returns it. */
export const SavedConnection = z.object({
  id: z.string(),
  name: z.string(),
  settings: ConnectionSettings,
  hasPassword: z.boolean(),
  color: z.string().optional(),
  /** Reconnected at server start because it was open when the server stopped. */
  autoConnect: z.boolean(),
  /** Live state on this server. */
  status: z.enum(['disconnected', 'connecting', 'connected', 'error']),
  /** Server version once connected, e.g. "PostgreSQL 15.18". */
  serverVersion: z.string().optional(),
  /** Last connection error, for status 'error'. */
  error: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedConnection = z.infer<typeof SavedConnection>;

/** POST /api/connections/test: either a saved connection (with optional edits) or new settings. */
export const TestConnectionInput = z.object({
  id: z.string().optional(),
  settings: ConnectionSettings,
  password: z.string().max(4096).nullable().optional(),
});
export type TestConnectionInput = z.infer<typeof TestConnectionInput>;

/** A database that cannot be reached is an answer too (200, `ok: false`), not a failed request. */
export const TestConnectionResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), serverVersion: z.string(), latencyMs: z.number() }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type TestConnectionResult = z.infer<typeof TestConnectionResult>;

/** POST /api/connections/parse-url: a connection URL split into settings + password. */
export const ParsedConnectionUrl = z.object({ settings: ConnectionSettings, password: z.string().optional() });
export type ParsedConnectionUrl = z.infer<typeof ParsedConnectionUrl>;

/** GET /api/secrets-info: where saved passwords' key lives, for the note in the UI. */
export const KeyStorageInfo = z.object({
  storage: z.enum(['os-keychain', 'key-file']),
  /** For key-file: its path (the file itself is readable by this OS user only). */
  path: z.string().optional(),
});
export type KeyStorageInfo = z.infer<typeof KeyStorageInfo>;
