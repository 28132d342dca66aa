// Saved database connections as the UI and the REST API see them. Passwords travel only
// from the UI to the server (create/edit/test); no response ever contains one.
import * as z from 'zod';

export const ENGINES = ['sqlite', 'postgres'] as const;
export const Engine = z.enum(ENGINES);
export type Engine = z.infer<typeof Engine>;

export const SslMode = z.enum(['disable', 'prefer', 'require', 'verify-ca', 'verify-full']);
export type SslMode = z.infer<typeof SslMode>;

export const SqliteSettings = z.object({
  engine: z.literal('sqlite'),
  /** Absolute path of the database file. */
  file: z.string().trim().min(1, 'Choose a database file'),
  readOnly: z.boolean().default(false),
});

export const PostgresSettings = z.object({
  engine: z.literal('postgres'),
  host: z.string().trim().min(1, 'Host is required'),
  port: z.number().int().min(1).max(65535).default(5432),
  database: z.string().trim().min(1, 'Database is required'),
  user: z.string().trim().min(1, 'User is required'),
  ssl: z
    .object({
      mode: SslMode.default('prefer'),
      /** PEM text of the CA certificate (verify-ca / verify-full). */
      ca: z.string().optional(),
    })
    .default({ mode: 'prefer' }),
  connectTimeoutSeconds: z.number().int().min(1).max(300).default(10),
});

/** Everything needed to reach a database, except the password. */
export const ConnectionSettings = z.discriminatedUnion('engine', [SqliteSettings, PostgresSettings]);
export type ConnectionSettings = z.infer<typeof ConnectionSettings>;

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

export const TestConnectionResult = z.object({
  ok: z.literal(true),
  serverVersion: z.string(),
  latencyMs: z.number(),
});
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
