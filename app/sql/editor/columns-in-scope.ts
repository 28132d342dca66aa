// Columns the statement at the cursor can name without a qualifier: those of the tables
// in its FROM / JOIN / UPDATE / INTO clauses. So `select * from track where gen` offers
// track's `genre_id`, which CodeMirror's schema completion (tables, and `table.` columns)
// does not. Text-based on purpose: it must work on the half-written statement being typed.
import type { CompletionSchema } from '../../../server/protocol/index.ts';

const IDENT = String.raw`(?:"(?:[^"]|"")+"|\x60(?:[^\x60]|\x60\x60)+\x60|\[[^\]]+\]|[\p{L}_][\p{L}\p{N}_$]*)`;
const TABLE_REF = new RegExp(String.raw`\b(?:from|join|update|into)\s+(${IDENT}(?:\s*\.\s*${IDENT})?)`, 'giu');
const SEPARATED = new RegExp(String.raw`,\s*(${IDENT}(?:\s*\.\s*${IDENT})?)`, 'gu');

/** Tables named in the statement's FROM / JOIN / UPDATE / INTO clauses (also `FROM a, b`), unquoted, schema-qualified when written so. */
export function tablesInStatement(statement: string): { schema: string | null; name: string }[] {
  const found = new Map<string, { schema: string | null; name: string }>();
  const add = (ref: string) => {
    const parts = ref.split(/\s*\.\s*(?=(?:["`[]|[\p{L}_]))/u).map(unquote);
    const [schema, name] = parts.length > 1 ? [parts[0]!, parts[1]!] : [null, parts[0]!];
    found.set(`${schema}.${name}`.toLowerCase(), { schema, name });
  };
  for (const match of statement.matchAll(TABLE_REF)) {
    add(match[1]!);
    // `FROM a, b`: names after commas, up to the next clause.
    const rest = statement.slice(match.index + match[0].length);
    const clause = /^(?:\s+(?:as\s+)?[\p{L}_][\p{L}\p{N}_]*)?(?:\s*,\s*[^,\s()]+(?:\s+(?:as\s+)?[\p{L}_][\p{L}\p{N}_]*)?)*/iu.exec(rest)?.[0] ?? '';
    for (const more of clause.matchAll(SEPARATED)) add(more[1]!);
  }
  return [...found.values()];
}

/** Column names of those tables, found in the completion schema (case-insensitive), with their table. */
export function columnsInScope(statement: string, completion: CompletionSchema | null): { column: string; table: string }[] {
  if (!completion) return [];
  const out: { column: string; table: string }[] = [];
  for (const ref of tablesInStatement(statement)) {
    const schema = (ref.schema ?? completion.defaultSchema).toLowerCase();
    const table = completion.tables.find((t) => t.name.toLowerCase() === ref.name.toLowerCase() && (ref.schema === null ? t.schema.toLowerCase() === schema || completion.tables.every((o) => o === t || o.name.toLowerCase() !== t.name.toLowerCase()) : t.schema.toLowerCase() === schema));
    for (const column of table?.columns ?? []) out.push({ column, table: table!.name });
  }
  return out;
}

function unquote(part: string): string {
  const first = part[0];
  if (first === '"') return part.slice(1, -1).replaceAll('""', '"');
  if (first === '`') return part.slice(1, -1).replaceAll('``', '`');
  if (first === '[') return part.slice(1, -1);
  return part;
}
