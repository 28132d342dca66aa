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

/** A startup problem the user can fix (busy port, bad setting): printed as one line, exit 1. */
export class StartupError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super('startup', message, 500, options);
  }
}

/** Formats zod issues as "path: problem" lines a person can act on. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
