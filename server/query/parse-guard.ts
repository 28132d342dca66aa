// The parse-based half of the guard: each engine parses a statement with a real SQL parser
// (from its home, server/db/<engine>/destructive-parse.ts) and says what in the tree would
// destroy data. The only place that maps an engine to its parser.
import type { Engine } from '../protocol/index.ts';

/**
 * Reasons found in one statement's parse tree (empty: nothing destructive), or `null` when
 * the parser could not read the statement — the caller then falls back to the token check.
 */
export type ParseGuard = (statement: string) => string[] | null;

/** Loaded on first use: the parsers are large and most sessions never run a write. */
const LOADERS: Record<Engine, () => Promise<ParseGuard>> = {
  postgres: async () => (await import('../db/postgres/destructive-parse.ts')).postgresParseGuard,
  mysql: async () => (await import('../db/mysql/destructive-parse.ts')).mysqlParseGuard,
  sqlite: async () => (await import('../db/sqlite/destructive-parse.ts')).sqliteParseGuard,
};

const loaded = new Map<Engine, Promise<ParseGuard>>();

export function parseGuardFor(engine: Engine): Promise<ParseGuard> {
  let guard = loaded.get(engine);
  if (!guard) loaded.set(engine, (guard = LOADERS[engine]()));
  return guard;
}

/** Reasons shared by every engine's parse guard, so the prompt reads the same everywhere. */
export const REASONS = {
  deleteAll: 'DELETE without WHERE changes every row of the table.',
  updateAll: 'UPDATE without WHERE changes every row of the table.',
  truncate: 'TRUNCATE removes every row of the table.',
  dropTable: 'DROP TABLE removes the table and all its rows.',
  dropView: 'DROP VIEW removes the view (its definition is not kept).',
  dropDatabase: 'DROP DATABASE removes everything in it.',
  dropSchema: 'DROP SCHEMA removes everything in it.',
  dropColumn: 'ALTER TABLE … DROP COLUMN removes the column and its values.',
} as const;

/** Visits every object in a parse tree (nested statements: CTEs, subqueries). */
export function walk(node: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const item of node) walk(item, visit);
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    for (const value of Object.values(node)) walk(value, visit);
  }
}
