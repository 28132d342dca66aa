// Statement text for the activity log without its values: every string literal and number
// becomes `?`, read with the engine's own literal syntax (dialect `syntax`), so quoted
// identifiers, comments and names like `t1` stay as written. The values found are returned
// too, so an error message quoting one of them can be cleaned the same way.
import type { LexicalSyntax, QuotedSyntax } from '../protocol/index.ts';

export interface Redacted {
  text: string;
  /** The literal values replaced, as written between their quotes (or the number). */
  values: string[];
}

const IDENT = /[\p{L}\p{N}_$]/u;
const NUMBER = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/;

/** A literal right after one of these is a password: never kept, even when values are. */
const PASSWORD_BEFORE = /(?:password|identified\s+(?:with\s+\S+\s+)?by)\s*(?:=\s*)?(?:\(\s*)?$/i;

/**
 * `keepValues` (the user's opt-in) keeps literals as written, except a password's
 * (`PASSWORD '…'`, `IDENTIFIED BY '…'`).
 */
export function redactLiterals(syntax: LexicalSyntax, sql: string, { keepValues = false } = {}): Redacted {
  let out = '';
  const values: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i, i + 2);
    const before = i > 0 ? sql[i - 1]! : '';
    const lineComment = syntax.lineComments.find((c) => sql.startsWith(c, i));
    if (lineComment) {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (rest === '/*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (syntax.dollarQuotes && sql[i] === '$' && !IDENT.test(before)) {
      const tag = DOLLAR_TAG.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        const stop = end < 0 ? sql.length : end + tag.length;
        const value = sql.slice(i + tag.length, end < 0 ? sql.length : end);
        if (keepValues && !PASSWORD_BEFORE.test(out)) out += sql.slice(i, stop);
        else {
          values.push(value);
          out += '?';
        }
        i = stop;
        continue;
      }
    }
    const quote = syntax.quoted.find((q) => opensAt(q, sql, i, before));
    if (quote) {
      const stop = closeOf(quote, sql, i + quote.open.length);
      if (quote.literal && !(keepValues && !PASSWORD_BEFORE.test(out))) {
        values.push(sql.slice(i + quote.open.length, Math.max(i + quote.open.length, stop - quote.close.length)));
        out += '?';
      } else {
        out += sql.slice(i, stop);
      }
      i = stop;
      continue;
    }
    if (!keepValues && !IDENT.test(before) && /[0-9.]/.test(sql[i]!)) {
      const number = NUMBER.exec(sql.slice(i))?.[0];
      if (number && !IDENT.test(sql[i + number.length] ?? '')) {
        values.push(number);
        out += '?';
        i += number.length;
        continue;
      }
    }
    out += sql[i];
    i++;
  }
  return { text: out, values };
}

/** Each value (of 3 characters or more, so `?` does not eat ordinary words) replaced by `?`. */
export function redactValues(text: string, values: string[]): string {
  let result = text;
  for (const value of [...new Set(values)].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length)) {
    result = result.split(value).join('?');
  }
  return result;
}

/** A letter prefix (`E'`) matches either case and only at the start of a word. */
function opensAt(quote: QuotedSyntax, sql: string, i: number, before: string): boolean {
  const candidate = sql.slice(i, i + quote.open.length);
  if (candidate.toLowerCase() !== quote.open.toLowerCase()) return false;
  return !(/[A-Za-z]/.test(quote.open[0]!) && IDENT.test(before));
}

/** Index just past the closing quote (the end of the text when it is never closed). */
function closeOf(quote: QuotedSyntax, sql: string, from: number): number {
  let j = from;
  while (j < sql.length) {
    if (quote.escape === 'doubled-or-backslash' && sql[j] === '\\') {
      j += 2;
      continue;
    }
    if (sql.startsWith(quote.close, j)) {
      if (quote.escape !== 'none' && sql.startsWith(quote.close, j + quote.close.length)) {
        j += quote.close.length * 2;
        continue;
      }
      return j + quote.close.length;
    }
    j++;
  }
  return sql.length;
}
