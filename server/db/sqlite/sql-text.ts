// What the driver needs to know about SQLite statement text that SQLite does not tell it
// through better-sqlite3: the command tag, where an error is, a view's SELECT.
// A light scanner is enough: it only has to tell code from comments and literals.

interface Token {
  /** Upper-cased for words; raw text otherwise. */
  text: string;
  kind: 'word' | 'quoted' | 'string' | 'punct';
  start: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Tokens outside comments, and a mask of the offsets inside comments and literals (the
 * opening quote itself is not masked: an error can point at a literal).
 */
function scan(sql: string): { tokens: Token[]; masked: Uint8Array } {
  const tokens: Token[] = [];
  const masked = new Uint8Array(sql.length);
  const mask = (from: number, to: number) => masked.fill(1, from, to);
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      mask(i, stop);
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      mask(i, stop);
      i = stop;
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      for (;;) {
        const k = sql.indexOf(close, j);
        if (k < 0) {
          j = sql.length;
          break;
        }
        if (close !== ']' && sql[k + 1] === close) j = k + 2; // doubled quote
        else {
          j = k + 1;
          break;
        }
      }
      mask(i + 1, j);
      tokens.push({ text: sql.slice(i, j), kind: c === "'" ? 'string' : 'quoted', start: i });
      i = j;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < sql.length && WORD_PART.test(sql[j]!)) j++;
      tokens.push({ text: sql.slice(i, j).toUpperCase(), kind: 'word', start: i });
      i = j;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      tokens.push({ text: c, kind: 'punct', start: i });
      i++;
    }
  }
  return { tokens, masked };
}

const MAIN_VERBS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'VALUES']);
const CREATE_MODIFIERS = new Set(['TEMP', 'TEMPORARY', 'UNIQUE', 'VIRTUAL']);
const ALIASES: Record<string, string> = { END: 'COMMIT', REPLACE: 'INSERT', VALUES: 'SELECT' };

/** The command tag, worded like PostgreSQL's: "SELECT", "INSERT", "CREATE TABLE", "BEGIN"… */
export function commandOf(sql: string): string | null {
  const words = scan(sql).tokens;
  const first = words[0];
  if (!first || first.kind !== 'word') return null;
  let verb = first.text;
  if (verb === 'WITH') {
    // The statement's verb is the first one outside the parenthesised CTE bodies.
    let depth = 0;
    const main = words.find((t) => {
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      return depth === 0 && t.kind === 'word' && MAIN_VERBS.has(t.text);
    });
    if (!main) return 'SELECT';
    verb = main.text;
  }
  if (verb === 'CREATE' || verb === 'DROP' || verb === 'ALTER') {
    const object = words.slice(1).find((t) => t.kind === 'word' && !CREATE_MODIFIERS.has(t.text));
    return object ? `${verb} ${object.text}` : verb;
  }
  return ALIASES[verb] ?? verb;
}

export const DML_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE']);

/** For a view's `CREATE VIEW name [(columns)] AS select`: the select. */
export function viewBody(createSql: string): string {
  let depth = 0;
  for (const token of scan(createSql).tokens) {
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (depth === 0 && token.kind === 'word' && token.text === 'AS') {
      return createSql.slice(token.start + 2).trim();
    }
  }
  return createSql;
}

/**
 * SQLite reports no offset through better-sqlite3, only messages such as
 * `near "SELEC": syntax error`. The offset is derived where that is reliable:
 *  - `near "X": syntax error` / `unrecognized token: "X"`: the occurrence of X in code. When
 *    X occurs several times, each candidate is checked by preparing the text up to and
 *    including it: SQLite's parser fails at the same token whatever follows, so the first
 *    prefix that fails with the same message is the one.
 *  - `incomplete input`: the end of the statement.
 *  - `no such table/column/function: X`: X's offset, only when it occurs exactly once.
 * Anything else: null.
 */
export function errorPosition(sql: string, message: string, failureOf: (prefix: string) => string | null): number | null {
  const { masked } = scan(sql);
  const occurrences = (needle: string, wordBounded: boolean): number[] => {
    const found: number[] = [];
    if (!needle) return found;
    for (let at = sql.indexOf(needle); at >= 0; at = sql.indexOf(needle, at + 1)) {
      if (masked[at]) continue;
      if (wordBounded && (WORD_PART.test(sql[at - 1] ?? ' ') || WORD_PART.test(sql[at + needle.length] ?? ' '))) continue;
      found.push(at);
    }
    return found;
  };

  const token = /^near "([\s\S]*)": syntax error$/.exec(message)?.[1] ?? /^unrecognized token: "([\s\S]*)"$/.exec(message)?.[1];
  if (token !== undefined) {
    const candidates = occurrences(token, WORD_PART.test(token[0] ?? ''));
    if (candidates.length === 1) return candidates[0]!;
    return candidates.find((at) => failureOf(sql.slice(0, at + token.length)) === message) ?? null;
  }
  if (message === 'incomplete input') return sql.replace(/[\s;]+$/, '').length;
  const missing = /^no such (?:table|column|function): (.+)$/.exec(message)?.[1];
  if (missing) {
    for (const name of [missing, missing.slice(missing.lastIndexOf('.') + 1)]) {
      const candidates = occurrences(name, true);
      if (candidates.length === 1) return candidates[0]!;
      if (candidates.length > 1) return null;
    }
  }
  return null;
}
