// A failed statement, as DatabaseError: the server's message (with DETAIL and HINT lines,
// as psql shows them), SQLSTATE, and the error's offset in the statement text.
import pg from 'pg';
import { DatabaseError } from '../errors.ts';

export const QUERY_CANCELED = '57014';

export function isCancelError(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === QUERY_CANCELED;
}

export function statementError(error: unknown, sql: string): DatabaseError {
  if (error instanceof pg.DatabaseError) {
    const lines = [error.message];
    if (error.detail) lines.push(`DETAIL: ${error.detail}`);
    if (error.hint) lines.push(`HINT: ${error.hint}`);
    const position = error.position ? offsetOfCharacter(sql, Number(error.position) - 1) : null;
    return new DatabaseError(lines.join('\n'), { position, sqlState: error.code ?? null }, { cause: error });
  }
  return new DatabaseError(`The connection to the server was lost: ${(error as Error).message}`, {}, { cause: error });
}

/**
 * PostgreSQL counts characters (code points) from 1; JavaScript strings count UTF-16 code
 * units, so an emoji before the error shifts the two apart.
 */
function offsetOfCharacter(text: string, characters: number): number {
  let offset = 0;
  for (let seen = 0; seen < characters && offset < text.length; seen++) {
    offset += text.codePointAt(offset)! > 0xffff ? 2 : 1;
  }
  return offset;
}
