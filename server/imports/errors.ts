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

/** The database's own CSV loader refused record `record` (1-based, the header included). */
export class RecordError extends ImportError {
  readonly record: number;
  constructor(message: string, record: number, options?: ErrorOptions) {
    super(message, null, 'rejected_by_database', options);
    this.record = record;
  }
}
