// A failed statement, as DatabaseError: the server's message, its SQLSTATE (the error
// number is kept in the message, as the mariadb client prints it), and the error's offset
// in the statement, found from what MySQL says: "… near 'FROM t' at line 2", or the name in
// "Unknown column 'x'" / "Table 'db.t' doesn't exist".
import { DatabaseError } from '../errors.ts';

/** KILL QUERY reached the statement (ER_QUERY_INTERRUPTED), or the server stopped it (max_statement_time). */
const INTERRUPTED = new Set([1317, 1969, 3024]);

interface MysqlError {
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  message?: string;
  fatal?: boolean;
}

export function isInterrupted(error: unknown): boolean {
  return INTERRUPTED.has((error as MysqlError).errno ?? 0);
}

export function isFatal(error: unknown): boolean {
  return Boolean((error as MysqlError).fatal);
}

export function statementError(error: unknown, sql: string): DatabaseError {
  const e = error as MysqlError;
  if (typeof e.errno === 'number' && typeof e.sqlMessage === 'string' && !e.fatal) {
    return new DatabaseError(`${e.sqlMessage} (error ${e.errno})`, { position: errorPosition(e.sqlMessage, sql), sqlState: e.sqlState ?? null }, { cause: error });
  }
  return new DatabaseError(`The connection to the server was lost: ${e.message ?? String(error)}`, {}, { cause: error });
}

/** The 0-based offset in `sql` the message points at, or null. */
export function errorPosition(message: string, sql: string): number | null {
  const near = /near '([\s\S]*)' at line (\d+)$/.exec(message);
  if (near) {
    const text = near[1]!;
    let lineStart = 0;
    for (let line = 1; line < Number(near[2]) && lineStart !== -1; line++) lineStart = sql.indexOf('\n', lineStart) + 1 || -1;
    if (lineStart === -1) lineStart = 0;
    if (text === '') return sql.trimEnd().length; // "near ''": the statement ended too soon
    const at = sql.indexOf(text, lineStart);
    return at === -1 ? null : at;
  }
  const named = /^Unknown column '([^']+)'|^Table '([^']+)' doesn't exist|^Unknown table '([^']+)'|^FUNCTION ([^\s]+) does not exist/.exec(message);
  const qualified = named?.slice(1).find((part) => part !== undefined);
  if (!qualified) return null;
  // "db.t" / "t.c": the last part is what the statement certainly spells out.
  const name = qualified.split('.').at(-1)!;
  const match = new RegExp(`(?<![\\w$])[\`"]?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\`"]?(?![\\w$])`, 'i').exec(sql);
  return match ? match.index : null;
}

const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE']);
const MODIFIERS = new Set(['TEMPORARY', 'OR', 'REPLACE', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'ONLINE', 'OFFLINE', 'IGNORE', 'DEFINER', 'ALGORITHM', 'SQL', 'SECURITY']);

/** The statement's command as psql would name it ("SELECT", "CREATE TABLE"), from its first words. */
export function commandOf(sql: string): { command: string | null; counts: boolean } {
  const words = sql
    .replace(/^(\s+|\/\*[\s\S]*?\*\/|(--\s|#)[^\n]*\n?)*/, '')
    .split(/[\s(;]+/, 8)
    .map((w) => w.toUpperCase());
  const first = words[0];
  if (!first) return { command: null, counts: false };
  if (first === 'CREATE' || first === 'DROP' || first === 'ALTER') {
    const object = words.slice(1).find((w) => !MODIFIERS.has(w) && !w.includes('=') && !w.includes('@'));
    return { command: object ? `${first} ${object}` : first, counts: false };
  }
  return { command: first, counts: DML.has(first) };
}
