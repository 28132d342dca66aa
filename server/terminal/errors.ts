// Errors a terminal user reads in the tab: what is missing and how to get it.
import { AppError } from '../errors.ts';

/** The connection's command-line client (psql, sqlite3) is not installed. */
export class CliNotInstalledError extends AppError {
  constructor(message: string) {
    super('cli_not_installed', message, 424);
  }
}

/** The terminal cannot start anything: no usable shell, or the pseudo-terminal failed. */
export class TerminalStartError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super('terminal_start_failed', message, 500, options);
  }
}
