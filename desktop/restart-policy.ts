// When to restart a server that died, and when to stop trying. A server that ran fine and
// then died is restarted at once (the user is waiting); a restart that itself fails waits
// longer each time; and past `maxRestarts` attempts within `windowMs` the supervisor gives
// up and the shell shows an error, instead of spinning in a crash loop.

export interface RestartLimits {
  /** Restart attempts allowed within `windowMs`. */
  maxRestarts: number;
  windowMs: number;
  /** Delay before the second attempt in a row; doubles after each failed attempt. */
  backoffFirstMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_RESTART_LIMITS: RestartLimits = { maxRestarts: 5, windowMs: 60_000, backoffFirstMs: 250, backoffMaxMs: 4_000 };

export type RestartDecision = { restart: true; delayMs: number; attemptsInWindow: number } | { restart: false; attemptsInWindow: number };

export class RestartPolicy {
  readonly limits: RestartLimits;
  #attempts: number[] = [];
  /** Attempts since the server was last healthy. */
  #failedInARow = 0;

  constructor(limits: RestartLimits) {
    this.limits = limits;
  }

  /** Call before each restart attempt: whether to make it, and after how long. */
  next(now: number): RestartDecision {
    this.#attempts = this.#attempts.filter((t) => now - t < this.limits.windowMs);
    if (this.#attempts.length >= this.limits.maxRestarts) return { restart: false, attemptsInWindow: this.#attempts.length };
    this.#attempts.push(now);
    const delayMs = this.#failedInARow === 0 ? 0 : Math.min(this.limits.backoffFirstMs * 2 ** (this.#failedInARow - 1), this.limits.backoffMaxMs);
    this.#failedInARow++;
    return { restart: true, delayMs, attemptsInWindow: this.#attempts.length };
  }

  /** The server is healthy again: the next death is restarted without delay. */
  healthy(): void {
    this.#failedInARow = 0;
  }

  /** A fresh start chosen by the user (Retry): forget past attempts. */
  reset(): void {
    this.#attempts = [];
    this.#failedInARow = 0;
  }
}
