// The guard: before running a statement that destroys data — DROP DATABASE / SCHEMA / TABLE / VIEW,
// TRUNCATE, ALTER TABLE … DROP COLUMN, an UPDATE / DELETE without WHERE, also inside a
// data-modifying CTE — ask the user. Two checks, and a statement is flagged if either flags
// it: the engine's SQL parser (parse-guard.ts), which sees nested statements, and the token
// check below, which reads any statement (also what the parser cannot) and so keeps the
// guard at least as safe as it was before parsing.
import type { Dialect, LexicalSyntax, QuotedSyntax } from '../protocol/index.ts';
import { parseGuardFor, REASONS } from './parse-guard.ts';

/** Why running `statement` on the dialect's engine needs a confirmation, or undefined. */
export async function guardReason(dialect: Pick<Dialect, 'engine' | 'syntax'>, statement: string): Promise<string | undefined> {
  if (!mayDestroy(statement)) return undefined;
  const parse = await parseGuardFor(dialect.engine);
  const reasons = new Set(parse(statement) ?? []);
  const token = destructiveReason(dialect.syntax, statement);
  if (token) reasons.add(token);
  return reasons.size ? [...reasons].join(' ') : undefined;
}

// Every reason either check gives comes from a DROP, TRUNCATE, UPDATE or DELETE statement
// (ALTER … DROP COLUMN included), so text without one of those words anywhere — the raw
// text, literals and comments too (MySQL runs `/*! … */` comments) — cannot be flagged,
// and skips the parse: 50 ms before the first row of every SELECT (bench/browser-grid.ts).
// A letter or underscore right before the word, or a letter, digit or underscore right after
// it, makes it part of another name (`on_delete`, `deleted_at`); anything else counts, even
// where it is a name too (`a$drop`, `2delete`), which only costs a parse.
const DESTRUCTIVE_WORD = /(?<![a-z_])(?:drop|truncate|update|delete)(?![a-z0-9_])/i;

export function mayDestroy(statement: string): boolean {
  return DESTRUCTIVE_WORD.test(statement);
}

/**
 * The token check. Comments, string literals and quoted identifiers — as the dialect writes
 * them — are blanked first, so "-- where" or 'where' does not count as a WHERE.
 */
export function destructiveReason(syntax: LexicalSyntax, statement: string): string | undefined {
  const sql = statement.replace(nonCode(syntax), (m) => ' '.repeat(m.length)).toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^drop database\b/.test(sql)) return REASONS.dropDatabase;
  if (/^drop schema\b/.test(sql)) return REASONS.dropSchema;
  if (/^drop (temporary )?table\b/.test(sql)) return REASONS.dropTable;
  if (/^drop (materialized )?view\b/.test(sql)) return REASONS.dropView;
  if (/^truncate\b/.test(sql)) return REASONS.truncate;
  if (/^alter table\b.*\bdrop (column\b|(?!(constraint|index|key|primary|foreign|check|partition|default)\b)\w)/.test(sql)) return REASONS.dropColumn;
  const body = sql.replace(/^with\b.*?\)\s*(?=(update|delete)\b)/, ''); // leading CTEs
  const dml = /^(update|delete)\b/.exec(body);
  if (dml && !/\bwhere\b/.test(body)) return dml[1] === 'update' ? REASONS.updateAll : REASONS.deleteAll;
  // A DELETE / UPDATE inside a CTE (`WITH x AS (DELETE FROM t RETURNING *) SELECT …`).
  if (/^with\b/.test(sql) && /\((delete|update)\b/.test(sql.replace(/\( /g, '(')) && !/\bwhere\b/.test(sql)) return /\(\s?delete\b/.test(sql) ? REASONS.deleteAll : REASONS.updateAll;
  return undefined;
}

const patterns = new WeakMap<LexicalSyntax, RegExp>();

/** One pattern matching every comment, literal and quoted identifier of the syntax. */
function nonCode(syntax: LexicalSyntax): RegExp {
  let pattern = patterns.get(syntax);
  if (!pattern) {
    const parts = [
      ...syntax.lineComments.map((start) => `${escape(start)}[^\\n]*`),
      '/\\*[\\s\\S]*?\\*/',
      ...syntax.quoted.map(quotedPattern),
      ...(syntax.dollarQuotes ? ['\\$((?:[A-Za-z_][A-Za-z0-9_]*)?)\\$[\\s\\S]*?\\$\\1\\$'] : []),
    ];
    pattern = new RegExp(parts.join('|'), 'gi');
    patterns.set(syntax, pattern);
  }
  return pattern;
}

function quotedPattern({ open, close, escape: escapes }: QuotedSyntax): string {
  const c = escape(close);
  const inner = { doubled: `${c}${c}|[^${c}]`, 'doubled-or-backslash': `\\\\[\\s\\S]|${c}${c}|[^\\\\${c}]`, none: `[^${c}]` }[escapes];
  // A letter prefix (E'…') counts only at the start of a word: in WHERE'a' the E is WHERE's.
  const start = /^[a-z]/i.test(open) ? `(?<![\\w$])${escape(open)}` : escape(open);
  return `${start}(?:${inner})*${c}`;
}

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
