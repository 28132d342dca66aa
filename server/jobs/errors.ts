// Errors of the job module, worded for the user (they become a job's outcome or a
// websocket error reply).
import { AppError, NotFoundError } from '../errors.ts';

/** The abort reason of a cancelled job: work that throws it ends as `cancelled`. */
export class JobCancelledError extends AppError {
  constructor() {
    super('cancelled', 'Cancelled.', 409);
  }
}

/** The abort reason when the server stops: the job ends as `interrupted`. */
export class JobInterruptedError extends AppError {
  constructor(message = 'The server stopped while this job ran; it did not finish.') {
    super('interrupted', message, 503);
  }
}

export class JobNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`No job "${id.slice(0, 64)}" (it may have been removed from the recent list).`);
  }
}

/** A job's child process could not start, or exited with a failure. */
export class JobProcessError extends AppError {
  readonly exitCode: number | null;
  constructor(message: string, exitCode: number | null = null, options?: ErrorOptions) {
    super('process_failed', message, 500, options);
    this.exitCode = exitCode;
  }
}
