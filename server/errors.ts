// Errors the user is meant to read. Each carries a stable code and an HTTP status; the
// message must never contain a secret. sendError (http/send.ts) and toErrorMessage
// (ws/endpoint.ts) are the only places that turn them into responses.
import type { ErrorCode } from './protocol/index.ts';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message: string, status = 400, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

export class BadRequestError extends AppError {
  readonly issues: string[] | undefined;
  constructor(message: string, issues?: string[]) {
    super('bad_message', message, 400);
    this.issues = issues;
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Missing or invalid launch token. Open the link the server printed at start.') {
    super('unauthorized', message, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super('forbidden', message, 403);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('not_found', message, 404);
  }
}

/** A request body over the route's limit (413). */
export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super('payload_too_large', `The request body is over this call's limit of ${formatBytes(limitBytes)}.`, 413);
  }
}

/** A body in a format the route does not take (415), e.g. JSON sent as text/plain. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super('unsupported_media_type', message, 415);
  }
}

/** The disk (or the user's quota) is full: nothing was saved, the previous file is intact (507). */
export class DiskFullError extends AppError {
  constructor(file: string, options?: ErrorOptions) {
    super('disk_full', `The disk is full: ${file} could not be saved. Nothing was lost — the previous version is intact. Free some space and save again.`, 507, options);
  }
}

/** A file could not be written for another reason (read-only disk, permissions); the previous file is intact. */
export class WriteFailedError extends AppError {
  constructor(file: string, reason: string, options?: ErrorOptions) {
    super('write_failed', `${file} could not be saved (${reason}); the previous version is intact.`, 500, options);
  }
}

/** A startup problem the user can fix (busy port, bad setting): printed as one line, exit 1. */
export class StartupError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super('startup', message, 500, options);
  }
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${Number((bytes / (1024 * 1024)).toFixed(2))} MB`;
}
