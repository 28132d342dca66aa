// The server-side sort of a partial result: the statement re-run inside
// `SELECT * FROM (…) ORDER BY <position>`, which PostgreSQL, SQLite and MySQL all read the
// same way (a column position, so no name needs quoting and duplicate names do not matter).
import type { SortDirection } from './sort-rows.ts';

const READS_ROWS = /^(select|with|values|table)\b/i;
const LEADING_COMMENTS = /^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/;

/** The statement ordered by its `column` (0-based), or null when it is not a query that can be wrapped. */
export function sortedQuery(statement: string, column: number, direction: SortDirection): string | null {
  const body = statement.replace(/[\s;]+$/, '');
  if (!READS_ROWS.test(body.replace(LEADING_COMMENTS, ''))) return null;
  // The newline ends a trailing line comment before the closing parenthesis.
  return `SELECT * FROM (\n${body}\n) AS sorted_result ORDER BY ${column + 1} ${direction === 'asc' ? 'ASC' : 'DESC'}`;
}
