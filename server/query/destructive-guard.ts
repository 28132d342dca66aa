// The guard the original tool had: before running DROP DATABASE, DROP SCHEMA, TRUNCATE, or
// an UPDATE / DELETE without WHERE, ask the user. Comments, string literals and quoted
// identifiers — as the dialect writes them — are blanked first, so "-- where" or 'where'
// does not count as a WHERE. Pattern-based on purpose: it only has to tell code from text.
import type { LexicalSyntax, QuotedSyntax } from '../protocol/index.ts';

export function destructiveReason(syntax: LexicalSyntax, statement: string): string | undefined {
  const sql = statement.replace(nonCode(syntax), (m) => ' '.repeat(m.length)).toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^drop (database|schema)\b/.test(sql)) return `${sql.startsWith('drop database') ? 'DROP DATABASE' : 'DROP SCHEMA'} removes everything in it.`;
  if (/^truncate\b/.test(sql)) return 'TRUNCATE removes every row of the table.';
  const body = sql.replace(/^with\b.*?\)\s*(?=(update|delete)\b)/, ''); // leading CTEs
  const dml = /^(update|delete)\b/.exec(body);
  if (dml && !/\bwhere\b/.test(body)) return `${dml[1]!.toUpperCase()} without WHERE changes every row of the table.`;
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
