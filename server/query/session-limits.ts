// Bounds on query sessions. Each holds a database connection — a PostgreSQL backend, or a
// SQLite worker process of ~50 MB — so a client opening sessions without end (one per
// sessionId it invents) could exhaust the machine. A window may hold `perSocket`, the
// server `perServer`; past either, `run` is refused with too_many_sessions. A session left
// idle for `idleMs` is closed; its tab gets a new one on its next run, with a note that
// the session's state (SET, temporary tables, an open transaction) was lost.
import { AppError } from '../errors.ts';

export interface SessionLimitSettings {
  perSocket: number;
  perServer: number;
  idleMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimitSettings = { perSocket: 12, perServer: 24, idleMs: 15 * 60_000 };

export class TooManySessionsError extends AppError {
  constructor(message: string) {
    super('too_many_sessions', message, 429);
  }
}

/** The server-wide count; one instance shared by every socket's SessionPool. */
export class SessionLimits {
  readonly settings: SessionLimitSettings;
  #open = 0;
  /** Per connection, for the analytics of an SQLite file ("the app's own sessions on it"). */
  readonly #byConnection = new Map<string, number>();

  constructor(settings: SessionLimitSettings = DEFAULT_SESSION_LIMITS) {
    this.settings = settings;
  }

  get open(): number {
    return this.#open;
  }

  /** Query sessions open on one saved connection, across all windows. */
  openOn(connectionId: string): number {
    return this.#byConnection.get(connectionId) ?? 0;
  }

  /** Counts a new session against both caps, or throws TooManySessionsError. */
  reserve(openInSocket: number, connectionId: string): void {
    const { perSocket, perServer } = this.settings;
    if (openInSocket >= perSocket) {
      throw new TooManySessionsError(`This window already has ${perSocket} query sessions (one per tab that ran a query). Close some tabs, then run again.`);
    }
    if (this.#open >= perServer) {
      throw new TooManySessionsError(`The server already has ${perServer} query sessions open across all windows. Close some tabs (here or in other windows), then run again.`);
    }
    this.#open++;
    this.#byConnection.set(connectionId, this.openOn(connectionId) + 1);
  }

  release(connectionId: string): void {
    this.#open = Math.max(0, this.#open - 1);
    const left = this.openOn(connectionId) - 1;
    if (left > 0) this.#byConnection.set(connectionId, left);
    else this.#byConnection.delete(connectionId);
  }
}
