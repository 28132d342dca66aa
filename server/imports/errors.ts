// An import's problems, worded for the user and carrying the file's line number when
// there is one (1-based, as an editor counts lines).
import { AppError } from '../errors.ts';

export class ImportError extends AppError {
  readonly line: number | null;
  constructor(message: string, line: number | null = null, code = 'import_failed', options?: ErrorOptions) {
    super(code, message, 400, options);
    this.line = line;
  }
}

/**
 * The database's own CSV loader refused the record on file line `line` (1-based, the header
 * included; for a record spanning lines, any of its lines — PostgreSQL names the last).
 */
export class RecordError extends ImportError {
  constructor(message: string, line: number, options?: ErrorOptions) {
    super(message, line, 'rejected_by_database', options);
  }
}
