// Errors from databases, worded for the user. Messages never contain a password: build
// them from host/port/user/database, never from a connection string.
import { AppError } from '../errors.ts';

/** Could not open a connection: refused, unreachable, timeout, bad credentials, TLS. */
export class ConnectError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super('connect_failed', message, 502, options);
  }
}

/** A statement failed. `position` is a 0-based offset into the statement text, if known. */
export class DatabaseError extends AppError {
  readonly position: number | null;
  readonly sqlState: string | null;
  constructor(message: string, details: { position?: number | null; sqlState?: string | null } = {}, options?: ErrorOptions) {
    super('query_failed', message, 400, options);
    this.position = details.position ?? null;
    this.sqlState = details.sqlState ?? null;
  }
}

/** The statement was cancelled by the user. The message may add what the cancel cost. */
export class QueryCancelledError extends AppError {
  constructor(message = 'Query cancelled.') {
    super('cancelled', message, 409);
  }
}
