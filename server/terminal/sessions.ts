// Every terminal session of this server, by id. A session whose client went away (socket
// dropped, page reloaded) lives on for a grace period so the client can reattach; after
// that it is killed. Closing it explicitly kills it at once; shutdown kills them all.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError, NotFoundError } from '../errors.ts';
import type { TerminalSessionInfo } from '../protocol/index.ts';
import { TerminalSession, type OutputSink, type SpawnSpec } from './session.ts';

const DEFAULT_GRACE_MS = 60_000;
/** Each session is a process and a pty; a runaway client must not exhaust either. */
const MAX_SESSIONS = 32;

export interface TerminalSessionsOptions {
  log: Logger;
  /** How long a session without a client survives. */
  graceMs?: number;
}

export class TerminalSessions {
  readonly #sessions = new Map<string, TerminalSession>();
  readonly #graceTimers = new Map<string, NodeJS.Timeout>();
  readonly #log: Logger;
  readonly #graceMs: number;

  constructor(options: TerminalSessionsOptions) {
    this.#log = options.log;
    this.#graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** Spawns a session and attaches `sink` to it. */
  open(spec: SpawnSpec, size: { cols: number; rows: number }, sink: OutputSink): TerminalSession {
    if (this.#sessions.size >= MAX_SESSIONS) {
      spec.cleanup?.();
      throw new AppError('too_many_sessions', `There are already ${MAX_SESSIONS} terminal sessions; close some tabs first.`, 429);
    }
    const session = new TerminalSession(randomBytes(12).toString('base64url'), spec, size);
    this.#sessions.set(session.id, session);
    session.attach(sink);
    this.#log.info({ sessionId: session.id, pid: session.pid, title: session.title }, 'terminal session started');
    void session.exited.then((exit) => this.#log.info({ sessionId: session.id, ...exit }, 'terminal process exited'));
    return session;
  }

  /** Attaches `sink` to a live session; returns it and the scrollback to replay. */
  reattach(sessionId: string, sink: OutputSink): { session: TerminalSession; replay: Buffer } {
    const session = this.#sessions.get(sessionId);
    if (!session) throw new NotFoundError('This terminal session has ended (or the server restarted).');
    clearTimeout(this.#graceTimers.get(sessionId));
    this.#graceTimers.delete(sessionId);
    return { session, replay: session.attach(sink) };
  }

  /** The client behind `sink` went away: the session waits for it for the grace period. */
  detach(session: TerminalSession, sink: OutputSink): void {
    if (!session.detach(sink) || !this.#sessions.has(session.id)) return;
    const timer = setTimeout(() => {
      this.#log.info({ sessionId: session.id }, 'terminal session not reattached in time; closing it');
      void this.close(session.id);
    }, this.#graceMs);
    timer.unref();
    this.#graceTimers.set(session.id, timer);
  }

  /** Kills the session's process (if still running) and forgets it. */
  async close(sessionId: string): Promise<void> {
    const session = this.#sessions.get(sessionId);
    if (!session) return;
    this.#sessions.delete(sessionId);
    clearTimeout(this.#graceTimers.get(sessionId));
    this.#graceTimers.delete(sessionId);
    await session.kill();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions.keys()].map((id) => this.close(id)));
  }

  list(): TerminalSessionInfo[] {
    return [...this.#sessions.values()].map((s) => ({
      sessionId: s.id,
      title: s.title,
      ...(s.cli ? { cli: s.cli } : {}),
      createdAt: s.createdAt,
      attached: s.attached,
      ...(s.exit ? { exit: s.exit } : {}),
    }));
  }
}
