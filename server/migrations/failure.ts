// A statement of a migration failed: where (file, statement, line and column), what the
// engine said, and what it left behind (rolled back, or a dirty version).
import { DatabaseError } from '../db/errors.ts';
import { AppError } from '../errors.ts';
import type { Loaded } from './runner.ts';

export interface FailureDetails {
  version: string;
  file: string;
  /** 1-based, of `statements`. */
  statement: number;
  statements: number;
  /** Offset in the file, and the same as a 1-based line and column. */
  position: number;
  line: number;
  column: number;
  engineMessage: string;
  sqlState: string | null;
  /** The version was left dirty (it ran without a transaction). */
  dirty: boolean;
}

export class MigrationFailedError extends AppError {
  readonly details: FailureDetails;
  constructor(message: string, details: FailureDetails, options?: ErrorOptions) {
    super('migration_failed', message, 409, options);
    this.details = details;
  }
}

export function statementFailure(m: Loaded, index: number, error: unknown): Error {
  if (!(error instanceof DatabaseError)) return error as Error;
  const statement = m.statements[index]!;
  const position = statement.start + (error.position ?? 0);
  const before = m.text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const dirty = m.outside !== null;
  const outcome = dirty
    ? `Version ${m.row.version} is left dirty after ${index} statement(s) — fix the database, then resolve it.`
    : `The migration was rolled back; nothing of it remains.`;
  return new MigrationFailedError(
    `${m.file}, statement ${index + 1} of ${m.statements.length} (line ${line}, column ${column}): ${error.message} ${outcome}`,
    { version: m.row.version, file: m.file, statement: index + 1, statements: m.statements.length, position, line, column, engineMessage: error.message, sqlState: error.sqlState, dirty },
    { cause: error },
  );
}
