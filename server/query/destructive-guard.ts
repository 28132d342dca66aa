// The guard the original tool had: before running DROP DATABASE, DROP SCHEMA, TRUNCATE, or
// an UPDATE / DELETE without WHERE, ask the user. Comments, string literals and quoted
// identifiers are blanked first, so "-- where" or 'where' does not count as a WHERE.
export interface GuardFinding {
  reason: string;
}

export function destructiveReason(statement: string): string | undefined {
  const sql = blankLiteralsAndComments(statement).toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^drop (database|schema)\b/.test(sql)) return `${sql.startsWith('drop database') ? 'DROP DATABASE' : 'DROP SCHEMA'} removes everything in it.`;
  if (/^truncate\b/.test(sql)) return 'TRUNCATE removes every row of the table.';
  const body = sql.replace(/^with\b.*?\)\s*(?=(update|delete)\b)/, ''); // leading CTEs
  const dml = /^(update|delete)\b/.exec(body);
  if (dml && !/\bwhere\b/.test(body)) return `${dml[1]!.toUpperCase()} without WHERE changes every row of the table.`;
  return undefined;
}

/** Replaces comments, '…' strings, "…" identifiers and $tag$…$tag$ bodies with spaces. */
function blankLiteralsAndComments(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:''|[^'])*'|"(?:""|[^"])*"|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, (m) => ' '.repeat(m.length));
}
