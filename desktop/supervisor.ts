// The server as a supervised sidecar of the desktop shell — plain Node, no Electron, so
// the same class runs in Electron's main process and in the tests against the real build.
//
//   start()  spawn → `BACKEND_PORT:<port>` (or a port message) within a bound → GET /status
//            200 within a bound → 'ready'.
//   watch    an unexpected exit, or `health.failures` failed /status probes in a row, is
//            a crash: restart on the same port (same origin and token, so an open window
//            just reconnects), at once after a healthy run, with backoff after a failed
//            attempt, and give up ('failed') past the restart limit.
//   stop()   SIGTERM, wait, SIGKILL; the port and instance files are cleaned even when the
//            server could not do it itself.
//
// Secrets (launch token, password key) reach the server through its environment only,
// and are scrubbed from every output line before it is logged.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Announcement } from '../server/lifecycle/announce.ts';
import { SecretScrubber } from '../server/logging/secret-scrubber.ts';
import { SidecarError } from './errors.ts';
import { probeStatus, waitForReady } from './health-probe.ts';
import { forEachLine } from './lines.ts';
import { DEFAULT_RESTART_LIMITS, RestartPolicy, type RestartLimits } from './restart-policy.ts';
import { SERVER_NODE_FLAGS } from '../server/runtime-flags.ts';
import type { Launcher, SidecarExit, SidecarProcess } from './sidecar-process.ts';


export type SupervisorState = 'idle' | 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped' | 'failed';

export interface ServerReady {
  /** http://127.0.0.1:<port>/ */
  url: string;
  origin: string;
  port: number;
  pid: number;
  /** A window that showed an earlier server of this supervisor should follow this one. */
  restarted: boolean;
  /** After a crash: from the old process's death to this one answering /status 200. */
  downtimeMs?: number;
  /** From spawn to /status 200. */
  startMs: number;
}

export interface SupervisorEvents {
  state: [SupervisorState];
  ready: [ServerReady];
  restarting: [{ reason: string; delayMs: number; attemptsInWindow: number }];
  exit: [{ pid: number | undefined; code: number | null; signal: string | null; expected: boolean }];
  failed: [SidecarError];
  log: [{ source: LogSource; line: string }];
}

export type LogSource = 'server' | 'server:stderr' | 'supervisor';

export interface HealthWatch {
  intervalMs: number;
  timeoutMs: number;
  /** Consecutive failed probes that mean "hung": the process is killed and restarted. */
  failures: number;
}

export interface SupervisorOptions {
  /** The server's entry module. */
  entry: string;
  args?: string[];
  cwd?: string;
  /** DB_TOOLKIT_HOME for the server. */
  home: string;
  launcher: Launcher;
  execArgv?: string[];
  /** Environment the server inherits (default: this process's); the supervisor's own variables override it. */
  baseEnv?: Record<string, string | undefined>;
  /** A port the user pinned: that port or an error. Otherwise the server picks, and restarts prefer the last one. */
  port?: number;
  /** The launch token; a random one when absent. Kept across restarts so the window's cookie stays valid. */
  token?: string;
  /** DB_TOOLKIT_SECRET_KEY for the server (base64 of 32 bytes), when the OS keychain provides one. */
  secretKey?: string;
  announceTimeoutMs?: number;
  readyTimeoutMs?: number;
  /** How long a SIGTERM may take before SIGKILL (the server promises 5 s). */
  stopTimeoutMs?: number;
  health?: Partial<HealthWatch>;
  restart?: Partial<RestartLimits>;
  /** Receives every log line, prefixed with its source (the desktop log file). */
  writeLog?: (line: string) => void;
}

/** Variables the supervisor sets itself; inherited values are dropped so they cannot leak or conflict. */
const MANAGED_ENV = ['BACKEND_PORT', 'DB_TOOLKIT_HOME', 'DB_TOOLKIT_TOKEN', 'DB_TOOLKIT_SECRET_KEY', 'DB_TOOLKIT_PRINT_URL', 'ELECTRON_RUN_AS_NODE'];
const STDERR_TAIL_LINES = 20;
const DEFAULT_HEALTH: HealthWatch = { intervalMs: 5_000, timeoutMs: 2_000, failures: 3 };

interface Owned {
  child: SidecarProcess;
  port?: number;
}

export class ServerSupervisor extends EventEmitter<SupervisorEvents> {
  readonly token: string;
  readonly #options: SupervisorOptions;
  readonly #health: HealthWatch;
  readonly #policy: RestartPolicy;
  readonly #scrubber = new SecretScrubber();
  #state: SupervisorState = 'idle';
  /** The process we own right now — starting or running. */
  #owned: Owned | undefined;
  #ready: ServerReady | undefined;
  #lastPort: number | undefined;
  #wasReady = false;
  #diedAt = 0;
  #killReason: string | undefined;
  #healthTimer: NodeJS.Timeout | undefined;
  #cancelPause: (() => void) | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: SupervisorOptions) {
    super();
    this.#options = options;
    this.token = options.token ?? randomBytes(32).toString('base64url');
    this.#health = { ...DEFAULT_HEALTH, ...options.health };
    this.#policy = new RestartPolicy({ ...DEFAULT_RESTART_LIMITS, ...options.restart });
    this.#scrubber.add(this.token);
    if (options.secretKey) this.#scrubber.add(options.secretKey);
  }

  get state(): SupervisorState {
    return this.#state;
  }

  /** The running server, if any. */
  get ready(): ServerReady | undefined {
    return this.#state === 'running' ? this.#ready : undefined;
  }

  get pid(): number | undefined {
    return this.#owned?.child.pid;
  }

  /** Starts the server and resolves once it is healthy. A failed first start is not retried: the caller offers Retry. */
  async start(): Promise<ServerReady> {
    if (this.#state === 'running' && this.#ready) return this.#ready;
    if (this.#state === 'starting' || this.#state === 'restarting') return this.#nextOutcome();
    if (this.#state === 'stopping') await this.#stopping;
    this.#stopping = undefined;
    this.#policy.reset();
    this.#setState('starting');
    try {
      return this.#becameReady(await this.#launch());
    } catch (error) {
      const failure = asSidecarError(error);
      if (failure.code !== 'stopped') this.#fail(failure);
      throw failure;
    }
  }

  /** Graceful restart chosen by the user: stop, then start on the same port when it is free. */
  async restart(): Promise<ServerReady> {
    await this.stop();
    return this.start();
  }

  /** SIGTERM, wait up to stopTimeoutMs, SIGKILL. Idempotent; resolves once the process is gone. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#setState('stopping');
    this.#cancelPause?.();
    this.#stopHealthWatch();
    const owned = this.#owned;
    if (owned) {
      const stopTimeoutMs = this.#options.stopTimeoutMs ?? 6_000;
      owned.child.signal('SIGTERM');
      if ((await within(owned.child.exited, stopTimeoutMs)) === TIMED_OUT) {
        this.#log('supervisor', `server did not exit within ${stopTimeoutMs} ms of SIGTERM; killing it`);
        owned.child.signal('SIGKILL');
        await owned.child.exited;
      }
      this.#cleanUpAfter(owned);
      if (this.#owned === owned) this.#owned = undefined;
    }
    this.#ready = undefined;
    this.#setState('stopped');
  }

  /** Starts a process, falling back from the last port to any port if another program took it. */
  async #launch(): Promise<ServerReady> {
    const pin = this.#options.port ?? this.#lastPort;
    try {
      return await this.#attempt(pin);
    } catch (error) {
      const failure = asSidecarError(error);
      if (failure.code === 'port-in-use' && this.#options.port === undefined && pin !== undefined) {
        this.#log('supervisor', `port ${pin} is taken by another program now; starting on another port`);
        return await this.#attempt(undefined);
      }
      throw failure;
    }
  }

  async #attempt(pin: number | undefined): Promise<ServerReady> {
    if (this.#state === 'stopping' || this.#state === 'stopped') throw new SidecarError('stopped', 'The server was stopped while starting.');
    const started = performance.now();
    const child = this.#options.launcher({
      entry: this.#options.entry,
      args: this.#options.args ?? [],
      execArgv: this.#options.execArgv ?? SERVER_NODE_FLAGS,
      env: this.#environment(pin),
      cwd: this.#options.cwd ?? process.cwd(),
      name: 'DB Toolkit server',
    });
    const owned: Owned = { child };
    this.#owned = owned;

    const stderrTail: string[] = [];
    let announce!: (port: number) => void;
    const announced = new Promise<number>((resolve) => (announce = resolve));
    forEachLine(child.stdout, (line) => {
      const match = /^BACKEND_PORT:(\d+)$/.exec(line);
      if (match) announce(Number(match[1]));
      this.#log('server', line);
    });
    forEachLine(child.stderr, (line) => {
      stderrTail.push(this.#scrubber.scrub(line));
      if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
      this.#log('server:stderr', line);
    });
    child.onMessage((message) => {
      if (isPortMessage(message)) announce(message.port);
    });

    const fail = async (error: SidecarError, kill: boolean): Promise<never> => {
      if (kill) {
        child.signal('SIGKILL');
        await child.exited;
      }
      this.#cleanUpAfter(owned);
      if (this.#owned === owned) this.#owned = undefined;
      throw error;
    };
    const whyExited = (exit: SidecarExit) => this.#startupExitError(exit, pin, stderrTail);

    const announceTimeoutMs = this.#options.announceTimeoutMs ?? 30_000;
    const first = await within(Promise.race([announced, child.exited]), announceTimeoutMs);
    if (first === TIMED_OUT) {
      return fail(new SidecarError('announce-timeout', `The server did not report its port within ${announceTimeoutMs / 1000} s.`, stderrTail.join('\n')), true);
    }
    if (typeof first !== 'number') return fail(whyExited(first), false);
    const port = first;
    owned.port = port;

    const readyTimeoutMs = this.#options.readyTimeoutMs ?? 30_000;
    const health = await waitForReady(port, readyTimeoutMs, child.exited);
    const exit = await within(child.exited, 0);
    if (exit !== TIMED_OUT) return fail(whyExited(exit), false);
    if (!health.ok) {
      return fail(new SidecarError('ready-timeout', `The server on port ${port} did not become ready within ${readyTimeoutMs / 1000} s (${health.why}).`, stderrTail.join('\n')), true);
    }

    this.#lastPort = port;
    void child.exited.then((exit) => this.#onExit(owned, exit));
    this.#watchHealth(owned, port);
    const origin = `http://127.0.0.1:${port}`;
    return { url: `${origin}/`, origin, port, pid: health.reply.pid, restarted: this.#wasReady, startMs: Math.round(performance.now() - started) };
  }

  #startupExitError(exit: SidecarExit, pin: number | undefined, stderrTail: string[]): SidecarError {
    const tail = stderrTail.join('\n');
    if (this.#state === 'stopping' || this.#state === 'stopped') return new SidecarError('stopped', 'The server was stopped while starting.', tail);
    if (exit.error) return new SidecarError('spawn-failed', `The server could not be started: ${exit.error.message}`, tail, { cause: exit.error });
    if (pin !== undefined && /already in use/.test(tail)) {
      return new SidecarError('port-in-use', `Port ${pin} is already in use by another program, so the server cannot start on it.`, tail);
    }
    const summary = summarizeStderr(stderrTail);
    return new SidecarError('exited', `The server stopped while starting (${describeExit(exit)})${summary ? `: ${summary}` : '.'}`, tail);
  }

  #becameReady(ready: ServerReady): ServerReady {
    this.#wasReady = true;
    this.#ready = ready;
    this.#setState('running');
    this.#log('supervisor', `server ready on port ${ready.port} (pid ${ready.pid}) in ${ready.startMs} ms${ready.downtimeMs === undefined ? '' : `, ${Math.round(ready.downtimeMs)} ms after the previous one died`}`);
    this.emit('ready', ready);
    return ready;
  }

  #onExit(owned: Owned, exit: SidecarExit): void {
    if (this.#owned !== owned) return; // stop() or a failed start already handled it
    this.#owned = undefined;
    this.#stopHealthWatch();
    this.#cleanUpAfter(owned);
    const expected = this.#state === 'stopping' || this.#state === 'stopped';
    this.emit('exit', { pid: owned.child.pid, code: exit.code, signal: exit.signal, expected });
    if (expected) return;
    this.#diedAt = performance.now();
    const reason = this.#killReason ?? `exited unexpectedly (${describeExit(exit)})`;
    this.#killReason = undefined;
    void this.#recover(reason);
  }

  async #recover(reason: string): Promise<void> {
    this.#ready = undefined;
    this.#setState('restarting');
    let why = reason;
    for (;;) {
      const decision = this.#policy.next(Date.now());
      if (!decision.restart) {
        const { maxRestarts, windowMs } = this.#policy.limits;
        this.#fail(new SidecarError('gave-up', `The server stopped unexpectedly ${maxRestarts + 1} times within ${Math.round(windowMs / 1000)} s, so DB Toolkit stopped restarting it. Last problem: ${why}.`));
        return;
      }
      this.#log('supervisor', `server ${why}; restarting${decision.delayMs ? ` in ${decision.delayMs} ms` : ''} (attempt ${decision.attemptsInWindow} of ${this.#policy.limits.maxRestarts} in the window)`);
      this.emit('restarting', { reason: why, delayMs: decision.delayMs, attemptsInWindow: decision.attemptsInWindow });
      if (decision.delayMs > 0 && !(await this.#pause(decision.delayMs))) return;
      if (this.#state !== 'restarting') return;
      try {
        const ready = await this.#launch();
        this.#policy.healthy();
        this.#becameReady({ ...ready, restarted: true, downtimeMs: performance.now() - this.#diedAt });
        return;
      } catch (error) {
        const failure = asSidecarError(error);
        if (failure.code === 'stopped') return;
        why = `could not be restarted (${failure.message})`;
      }
    }
  }

  /** Resolves true after `ms`, or false at once if stop() is called meanwhile. */
  #pause(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(true), ms);
      this.#cancelPause = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
  }

  #watchHealth(owned: Owned, port: number): void {
    this.#stopHealthWatch();
    let failures = 0;
    let probing = false;
    this.#healthTimer = setInterval(async () => {
      if (probing) return;
      probing = true;
      const result = await probeStatus(port, this.#health.timeoutMs);
      probing = false;
      if (this.#owned !== owned || this.#state !== 'running') return;
      if (result.ok) {
        failures = 0;
        return;
      }
      failures++;
      this.#log('supervisor', `health check failed (${failures} of ${this.#health.failures}): ${result.why}`);
      if (failures >= this.#health.failures) {
        this.#killReason = `stopped answering /status (${result.why})`;
        owned.child.signal('SIGKILL');
      }
    }, this.#health.intervalMs);
    this.#healthTimer.unref();
  }

  #stopHealthWatch(): void {
    clearInterval(this.#healthTimer);
    this.#healthTimer = undefined;
  }

  /** What the server removes on a clean exit, removed for it after a crash or a kill. */
  #cleanUpAfter(owned: Owned): void {
    const pid = owned.child.pid;
    if (pid === undefined) return;
    try {
      if (owned.port === undefined) rmSync(join(this.#options.home, 'instances', `${pid}.json`), { force: true });
      else new Announcement(this.#options.home, { pid, port: owned.port, host: '127.0.0.1', startedAt: '', version: '' }).withdraw();
    } catch (error) {
      this.#log('supervisor', `could not clean up after server ${pid}: ${(error as Error).message}`);
    }
  }

  #environment(pin: number | undefined): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.#options.baseEnv ?? process.env)) {
      if (value !== undefined && !MANAGED_ENV.includes(key)) env[key] = value;
    }
    env.DB_TOOLKIT_HOME = this.#options.home;
    env.DB_TOOLKIT_TOKEN = this.token;
    if (pin !== undefined) env.BACKEND_PORT = String(pin);
    if (this.#options.secretKey) env.DB_TOOLKIT_SECRET_KEY = this.#options.secretKey;
    return env;
  }

  #fail(error: SidecarError): void {
    this.#ready = undefined;
    this.#setState('failed');
    this.#log('supervisor', `${error.message}${error.stderrTail ? `\n${error.stderrTail}` : ''}`);
    this.emit('failed', error);
  }

  /** The outcome of the start or restart under way. */
  #nextOutcome(): Promise<ServerReady> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        this.off('ready', onReady);
        this.off('failed', onFailed);
        this.off('state', onState);
      };
      const onReady = (ready: ServerReady) => {
        settle();
        resolve(ready);
      };
      const onFailed = (error: SidecarError) => {
        settle();
        reject(error);
      };
      const onState = (state: SupervisorState) => {
        if (state !== 'stopped') return;
        settle();
        reject(new SidecarError('stopped', 'The server was stopped while starting.'));
      };
      this.on('ready', onReady);
      this.on('failed', onFailed);
      this.on('state', onState);
    });
  }

  #setState(state: SupervisorState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }

  #log(source: LogSource, line: string): void {
    const clean = this.#scrubber.scrub(line);
    this.#options.writeLog?.(`[${source}] ${clean}`);
    this.emit('log', { source, line: clean });
  }
}

function isPortMessage(message: unknown): message is { type: 'port'; port: number } {
  const m = message as { type?: unknown; port?: unknown } | null;
  return typeof m === 'object' && m !== null && m.type === 'port' && Number.isInteger(m.port);
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

function describeExit(exit: SidecarExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  return `exit code ${exit.code}`;
}

function asSidecarError(error: unknown): SidecarError {
  return error instanceof SidecarError ? error : new SidecarError('exited', (error as Error).message, '', { cause: error });
}

const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT after `ms` (0: only if already settled). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
