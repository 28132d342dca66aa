// Why the server could not be started or kept running, in words the error dialog shows
// as is. Each carries a stable code for the shell's logic (e.g. "port-in-use" means
// retrying on the same pinned port is pointless) and the tail of the server's stderr,
// already scrubbed of secrets, for the log; and how a failed start is told apart.
import type { SidecarExit } from './sidecar-process.ts';

export type SidecarErrorCode =
  /** The pinned port is taken by another program. */
  | 'port-in-use'
  /** The process could not be started at all (missing file, bad executable). */
  | 'spawn-failed'
  /** The process ended before it announced its port or became healthy. */
  | 'exited'
  /** No `BACKEND_PORT:` line (or port message) in time. */
  | 'announce-timeout'
  /** Announced a port, but `/status` never answered 200 in time. */
  | 'ready-timeout'
  /** It kept dying: more restarts in the window than the policy allows. */
  | 'gave-up'
  /** stop() was called while it was starting. */
  | 'stopped';

export class SidecarError extends Error {
  readonly code: SidecarErrorCode;
  /** Last lines the server wrote on stderr (scrubbed), for the log. */
  readonly stderrTail: string;

  constructor(code: SidecarErrorCode, message: string, stderrTail = '', options?: ErrorOptions) {
    super(message, options);
    this.name = 'SidecarError';
    this.code = code;
    this.stderrTail = stderrTail;
  }
}

export function stoppedWhileStarting(stderrTail = ''): SidecarError {
  return new SidecarError('stopped', 'The server was stopped while starting.', stderrTail);
}

export function asSidecarError(error: unknown): SidecarError {
  return error instanceof SidecarError ? error : new SidecarError('exited', (error as Error).message, '', { cause: error });
}

/** How a process ended, in words: "exit code 1", "signal SIGKILL". */
export function describeExit(exit: SidecarExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

/**
 * Why a process that ended before it was ready did: it could not be started at all, its
 * pinned port was busy, or it stopped — with the line of its stderr that says why.
 */
export function startupExitError(exit: SidecarExit, pin: number | undefined, stderrTail: string[]): SidecarError {
  const tail = stderrTail.join('\n');
  if (exit.error) return new SidecarError('spawn-failed', `The server could not be started: ${exit.error.message}`, tail, { cause: exit.error });
  if (pin !== undefined && /already in use/.test(tail)) {
    return new SidecarError('port-in-use', `Port ${pin} is already in use by another program, so the server cannot start on it.`, tail);
  }
  const summary = summarizeStderr(stderrTail);
  return new SidecarError('exited', `The server stopped while starting (${describeExit(exit)})${summary ? `: ${summary}` : '.'}`, tail);
}

/**
 * The line of a failed start's stderr that says what went wrong: the server's own
 * one-line `db-toolkit: …` message, else the first error line of a Node.js crash (whose
 * last line is only the Node.js version), else the last line.
 */
function summarizeStderr(lines: string[]): string | undefined {
  const own = lines.findLast((line) => line.startsWith('db-toolkit: '));
  if (own) return own.slice('db-toolkit: '.length);
  return lines.find((line) => /^\w*Error\b/.test(line)) ?? lines.findLast((line) => line.trim() !== '');
}
