// What the server and the app know about each engine, as data: one entry per engine, kept
// in the engine's home (db/<engine>/dialect.ts). Callers read a fact or a capability from
// here instead of testing the engine's name. Isomorphic: the app imports it.
//
// Adding an engine: ENGINES (connections.ts) gets its name, and every Record<Engine, …> —
// this table first — stops compiling until it has the engine's entry.
import type { SplitterOptions } from 'dbgate-query-splitter';
import { mysqlDialect } from '../db/mysql/dialect.ts';
import { postgresDialect } from '../db/postgres/dialect.ts';
import { sqliteDialect } from '../db/sqlite/dialect.ts';
import type { BackupKind } from './backup-manifest.ts';
import { ENGINES, type ConnectionSettings, type Engine, type SettingsOf } from './connections.ts';

/** The @codemirror/lang-sql dialects the editor can highlight and complete with. */
export type EditorLanguage = 'PostgreSQL' | 'SQLite' | 'MySQL' | 'MariaSQL' | 'StandardSQL';
export type FormatterLanguage = 'postgresql' | 'sqlite' | 'mysql' | 'mariadb';

/** A quoted run of text: a string literal or a quoted identifier. */
export interface QuotedSyntax {
  /** e.g. `'`, `"`, a backtick, `[`, or `E'` (a letter prefix matches either case). */
  open: string;
  close: string;
  /**
   * How the close character appears inside: `doubled` (`''`), `doubled-or-backslash`
   * (`''` or `\'`, and a backslash escapes any character), or `none` (it cannot).
   */
  escape: 'doubled' | 'doubled-or-backslash' | 'none';
  /** A string literal (a value), not a quoted identifier: the activity log writes it as `?`. */
  literal?: true;
}

/**
 * How the engine writes what is not code — comments, literals, quoted identifiers — so
 * that a pattern-based reader (the destructive guard) can skip them. Block comments
 * (slash-star) exist in every engine.
 */
export interface LexicalSyntax {
  /** What starts a comment running to the end of the line, e.g. `--` (MySQL: `-- ` and `#`). */
  lineComments: string[];
  quoted: QuotedSyntax[];
  /** PostgreSQL's $tag$…$tag$ string bodies. */
  dollarQuotes: boolean;
}

/** What the coming features ask of an engine. */
export interface Capabilities {
  /** DDL inside a transaction can be rolled back, so a failed migration leaves nothing behind. */
  transactionalDdl: boolean;
  /** CREATE SEQUENCE and nextval() exist (besides auto-increment columns). */
  sequences: boolean;
  /** How an insert reports the keys it generated: INSERT … RETURNING, or the session's last insert id. */
  generatedKeys: 'returning' | 'last-insert-id';
  /** The hidden column that identifies a row of a table without a primary key (data editing), if any. */
  rowIdColumn: string | null;
  /** The CLI tools that dump and restore a database; null when the driver backs up by itself (SQLite's online backup). */
  backupTools: { dump: string; restore: string } | null;
  /** The backup kinds the engine can make (SQLite has no data-only backup: its file always holds the schema). */
  backupKinds: readonly BackupKind[];
  /** Live activity: other sessions and their running queries can be listed, and a query stopped. */
  activity: boolean;
}

/** Facts about one engine, as plain data (and two formatting functions). */
export interface EngineDialect<E extends Engine> {
  engine: E;
  /** Shown to users, e.g. "PostgreSQL". */
  label: string;
  /** Schema of a name that is not qualified ("public", "main"; "" when it is the connection's database, MySQL). */
  defaultSchema: string;
  /** Whether the engine has several schemas worth showing in the tree. */
  hasSchemas: boolean;
  /** Quotes of an identifier; a close quote inside the name is doubled. */
  identifierQuote: { open: string; close: string };
  /** How a script is split into statements (dbgate-query-splitter), in the editor and on the server. */
  splitter: SplitterOptions;
  editorLanguage: EditorLanguage;
  /** The `language` sql-formatter formats this engine's SQL in (the editor's Format). */
  formatterLanguage: FormatterLanguage;
  syntax: LexicalSyntax;
  /** Statements that make a session read-only and back (e.g. for exports, which re-run a query). */
  readOnly: { begin: string; end: string };
  /** The engine's command-line client, opened by "Open CLI". */
  cli: string;
  /** Put before a statement to see its plan without running it ("explain into the editor"). */
  explainPrefix: string;
  capabilities: Capabilities;
  connection: {
    /** A new connection's settings in the form. */
    defaults: SettingsOf<E>;
    /** A URL the engine's parser takes, shown as an example. */
    urlExample: string;
    /** Where the connection leads, without the password: "user@host:5432/db", "/data/app.db". */
    describe(settings: SettingsOf<E>): string;
    /** A name for a connection filled from a URL. */
    suggestName(settings: SettingsOf<E>): string;
  };
}

/** Any engine's dialect: what a driver, a connection or a tab has. */
export type Dialect = { [E in Engine]: EngineDialect<E> }[Engine];

export const DIALECTS: { [E in Engine]: EngineDialect<E> } = {
  postgres: postgresDialect,
  mysql: mysqlDialect,
  sqlite: sqliteDialect,
};

/** Every dialect, in the order of ENGINES. */
export const ALL_DIALECTS: Dialect[] = ENGINES.map((engine) => DIALECTS[engine]);

export function dialectOf(engine: Engine): Dialect {
  return DIALECTS[engine];
}

/** "PostgreSQL · user@host:5432/db", for lists and labels. */
export function describeConnection(settings: ConnectionSettings): string {
  const { label, connection } = settingsDialect(settings);
  return `${label} · ${connection.describe(settings)}`;
}

/** A name for a connection filled from a URL, e.g. "sales on db.example.com". */
export function suggestConnectionName(settings: ConnectionSettings): string {
  return settingsDialect(settings).connection.suggestName(settings);
}

/** The settings' dialect, typed to take these settings (TypeScript cannot relate the two unions). */
function settingsDialect(settings: ConnectionSettings): EngineDialect<Engine> {
  return DIALECTS[settings.engine] as EngineDialect<Engine>;
}
