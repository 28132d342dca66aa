/// <reference path="./pg-cursor.d.ts" />
// pg-cursor, completed for a query session:
// - the command tag kept whole: pg's Result keeps only its first word ("CREATE" for
//   "CREATE TABLE"), and the tag carries the affected row count;
// - COPY: pg-cursor has no handlers for its messages, and node-postgres then throws an
//   uncaught TypeError. COPY … FROM STDIN is refused with a CopyFail; COPY … TO STDOUT
//   is reported (onCopyOut) so that the session can stop it, and its data is dropped.
import Cursor from 'pg-cursor';
import type { CustomTypesConfig } from 'pg';

const COPY_IN_REFUSED =
  "COPY … FROM STDIN needs a client that sends the data (psql's \\copy); a query session has none. Use psql in the terminal, or COPY … FROM a file the server can read.";

export const COPY_OUT_REFUSED =
  'COPY … TO STDOUT sends its rows to a client program, which a query session cannot show. Run the SELECT inside it instead, or use psql in the terminal.';

export class TaggedCursor extends Cursor<(string | null)[]> {
  /** e.g. "SELECT 3", "INSERT 0 5", "CREATE TABLE"; null until the statement completes. */
  commandTag: string | null = null;
  /** The statement turned out to be COPY … TO STDOUT. */
  copyingOut = false;
  readonly #onCopyOut: () => void;

  constructor(sql: string, types: CustomTypesConfig, onCopyOut: () => void) {
    super(sql, null, { rowMode: 'array', types });
    this.#onCopyOut = onCopyOut;
  }

  override handleCommandComplete(message: { text: string }): void {
    this.commandTag = message.text;
    super.handleCommandComplete(message);
  }

  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail(COPY_IN_REFUSED);
  }

  handleCopyData(): void {
    if (this.copyingOut) return;
    this.copyingOut = true;
    this.#onCopyOut();
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
