// Test helpers: drain a query session's stream into something easy to assert on.
import type { QueryEvent, QuerySession } from '../db/driver.ts';
import type { ResultColumn } from '../protocol/index.ts';

export interface Collected {
  columns: ResultColumn[] | null;
  rows: (string | null)[][];
  /** Size of each `rows` event, in order. */
  batches: number[];
  done: Extract<QueryEvent, { kind: 'done' }> | null;
  /** Event kinds in order, to check the stream's shape. */
  kinds: QueryEvent['kind'][];
}

export async function collect(session: QuerySession, sql: string, batchSize = 1000): Promise<Collected> {
  const result: Collected = { columns: null, rows: [], batches: [], done: null, kinds: [] };
  for await (const event of session.run(sql, { batchSize })) {
    result.kinds.push(event.kind);
    if (event.kind === 'columns') result.columns = event.columns;
    else if (event.kind === 'rows') {
      result.batches.push(event.rows.length);
      result.rows.push(...event.rows);
    } else result.done = event;
  }
  return result;
}

/** Runs statements one after another, ignoring their results. */
export async function execute(session: QuerySession, ...statements: string[]): Promise<void> {
  for (const sql of statements) await collect(session, sql);
}
