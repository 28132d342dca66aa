// One short catalog statement in a session of its own, its rows collected (a DDL is a few rows).
import type { Driver } from '../db/driver.ts';

export async function queryRows(driver: Driver, sql: string): Promise<(string | null)[][]> {
  const session = await driver.openSession();
  try {
    const rows: (string | null)[][] = [];
    for await (const event of session.run(sql, { batchSize: 100 })) if (event.kind === 'rows') rows.push(...event.rows);
    return rows;
  } finally {
    await session.close();
  }
}

/** A string literal in the standard form ('' doubles a quote); for engines that read no backslash escapes. */
export function standardLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
