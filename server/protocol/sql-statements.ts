// Splitting a script into statements, the same way in the editor (statement at cursor)
// and on the server (run all). Isomorphic: dbgate-query-splitter understands quotes,
// comments, dollar-quoting and each dialect's quirks.
import { splitQuery, postgreSplitterOptions, sqliteSplitterOptions } from 'dbgate-query-splitter';
import type { Engine } from './connections.ts';

export interface StatementSpan {
  /** Statement text without the trailing delimiter. */
  text: string;
  /** Offsets into the script: [start, end). */
  start: number;
  end: number;
}

const OPTIONS = { postgres: postgreSplitterOptions, sqlite: sqliteSplitterOptions } as const;

export function splitStatements(script: string, engine: Engine): StatementSpan[] {
  const items = splitQuery(script, { ...OPTIONS[engine], returnRichInfo: true }) as unknown as {
    text: string;
    trimStart: { position: number };
    trimEnd: { position: number };
  }[];
  return items
    .map((item) => ({ text: item.text, start: item.trimStart.position, end: item.trimEnd.position }))
    .filter((s) => s.text.trim() !== '');
}

/** The statement under the cursor, or the nearest one before it. */
export function statementAt(script: string, engine: Engine, offset: number): StatementSpan | undefined {
  const statements = splitStatements(script, engine);
  return statements.find((s) => offset >= s.start && offset <= s.end) ?? statements.filter((s) => s.end <= offset).at(-1) ?? statements[0];
}

/** "name" with embedded quotes doubled — valid for PostgreSQL and SQLite (and ANSI SQL). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** SELECT * … LIMIT n for an object, qualified unless it is in the default schema. */
export function selectTopSql(schema: string, name: string, defaultSchema: string, limit = 100): string {
  const qualified = schema === defaultSchema ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
  return `SELECT * FROM ${qualified} LIMIT ${limit};`;
}
