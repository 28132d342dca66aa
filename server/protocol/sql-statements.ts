// Splitting a script into statements, the same way in the editor (statement at cursor)
// and on the server (run all), and writing names into SQL. Isomorphic:
// dbgate-query-splitter understands quotes, comments, dollar-quoting and each dialect's
// quirks, given the dialect's options.
import { splitQuery } from 'dbgate-query-splitter';
import type { Dialect } from './dialects.ts';

export interface StatementSpan {
  /** Statement text without the trailing delimiter. */
  text: string;
  /** Offsets into the script: [start, end). */
  start: number;
  end: number;
}

export function splitStatements(dialect: Dialect, script: string): StatementSpan[] {
  const items = splitQuery(script, { ...dialect.splitter, returnRichInfo: true }) as unknown as {
    text: string;
    trimStart: { position: number };
    trimEnd: { position: number };
  }[];
  return items
    .map((item) => ({ text: item.text, start: item.trimStart.position, end: item.trimEnd.position }))
    .filter((s) => s.text.trim() !== '');
}

/** The statement under the cursor, or the nearest one before it. */
export function statementAt(dialect: Dialect, script: string, offset: number): StatementSpan | undefined {
  const statements = splitStatements(dialect, script);
  return statements.find((s) => offset >= s.start && offset <= s.end) ?? statements.filter((s) => s.end <= offset).at(-1) ?? statements[0];
}

/** The name in the dialect's identifier quotes, a close quote inside it doubled. */
export function quoteIdentifier(dialect: Dialect, name: string): string {
  const { open, close } = dialect.identifierQuote;
  return `${open}${name.replaceAll(close, close + close)}${close}`;
}

/** An object's name quoted for the dialect, qualified unless it is in the dialect's default schema. */
export function qualifiedName(dialect: Dialect, schema: string, name: string): string {
  const table = quoteIdentifier(dialect, name);
  return schema === dialect.defaultSchema ? table : `${quoteIdentifier(dialect, schema)}.${table}`;
}

/** SELECT * … LIMIT n for an object, qualified unless it is in the dialect's default schema. */
export function selectTopSql(dialect: Dialect, schema: string, name: string, limit = 100): string {
  return `SELECT * FROM ${qualifiedName(dialect, schema, name)} LIMIT ${limit};`;
}
