// pg-cursor with the command tag kept whole: pg's Result keeps only its first word
// ("CREATE" for "CREATE TABLE"), and the tag carries the affected row count.
import Cursor from 'pg-cursor';
import type { CustomTypesConfig } from 'pg';

export class TaggedCursor extends Cursor<(string | null)[]> {
  /** e.g. "SELECT 3", "INSERT 0 5", "CREATE TABLE"; null until the statement completes. */
  commandTag: string | null = null;

  constructor(sql: string, types: CustomTypesConfig) {
    super(sql, null, { rowMode: 'array', types });
  }

  override handleCommandComplete(message: { text: string }): void {
    this.commandTag = message.text;
    super.handleCommandComplete(message);
  }
}

const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** "INSERT 0 5" → command INSERT, 5 rows affected; "CREATE TABLE" → no count. */
export function parseCommandTag(tag: string | null): { command: string | null; affectedRows: number | null } {
  if (!tag) return { command: null, affectedRows: null };
  const match = /^(.*?)((?: \d+)*)$/.exec(tag)!;
  const command = match[1]!;
  const count = match[2]!.trim().split(' ').at(-1);
  return { command, affectedRows: DML.has(command) && count ? Number(count) : null };
}
