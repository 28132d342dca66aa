// Why the server could not be started or kept running, in words the error dialog shows
// as is. Each carries a stable code for the shell's logic (e.g. "port-in-use" means
// retrying on the same pinned port is pointless) and the tail of the server's stderr,
// already scrubbed of secrets, for the log.

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
