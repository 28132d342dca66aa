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
//
// One process from spawn to exit is server-run.ts; the launch environment, the port
// announcement and the files withdrawn after a crash are the launch contract's
// (server/lifecycle/launch-contract.ts); when to restart is restart-policy.ts.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { serverEnvironment } from '../server/lifecycle/launch-contract.ts';
import { SecretScrubber } from '../server/logging/secret-scrubber.ts';
import { SERVER_NODE_FLAGS } from '../server/runtime-flags.ts';
import { asSidecarError, describeExit, SidecarError, stoppedWhileStarting } from './errors.ts';
import { DEFAULT_HEALTH_WATCH, type HealthWatchSettings } from './health-probe.ts';
import { DEFAULT_RESTART_LIMITS, RestartPolicy } from './restart-policy.ts';
import type { SidecarExit } from './sidecar-process.ts';
import { ServerRun } from './server-run.ts';
import { DEFAULT_TIMEOUTS, type LogSource, type ServerReady, type SupervisorEvents, type SupervisorOptions, type SupervisorState } from './supervisor-options.ts';
import { TIMED_OUT, within } from './within.ts';

export type { LogSource, ServerReady, SupervisorEvents, SupervisorOptions, SupervisorState } from './supervisor-options.ts';

export class ServerSupervisor extends EventEmitter<SupervisorEvents> {
  readonly token: string;
  readonly #options: SupervisorOptions;
  readonly #health: HealthWatchSettings;
  readonly #policy: RestartPolicy;
  readonly #scrubber = new SecretScrubber();
  #state: SupervisorState = 'idle';
  /** The process we own right now — starting or running. */
  #run: ServerRun | undefined;
  #ready: ServerReady | undefined;
  #lastPort: number | undefined;
  #wasReady = false;
  #diedAt = 0;
  #killReason: string | undefined;
  #cancelPause: (() => void) | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: SupervisorOptions) {
    super();
    this.#options = options;
    this.token = options.token ?? randomBytes(32).toString('base64url');
    this.#health = { ...DEFAULT_HEALTH_WATCH, ...options.health };
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
    return this.#run?.child.pid;
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
    const run = this.#run;
    if (run) {
      run.stopWatching();
      const stopTimeoutMs = this.#options.stopTimeoutMs ?? DEFAULT_TIMEOUTS.stopTimeoutMs;
      run.child.signal('SIGTERM');
      if ((await within(run.child.exited, stopTimeoutMs)) === TIMED_OUT) {
        this.#log('supervisor', `server did not exit within ${stopTimeoutMs} ms of SIGTERM; killing it`);
        run.child.signal('SIGKILL');
        await run.child.exited;
      }
      this.#release(run);
    }
    this.#ready = undefined;
    this.#setState('stopped');
  }

  get #stoppingOrStopped(): boolean {
    return this.#state === 'stopping' || this.#state === 'stopped';
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
    if (this.#stoppingOrStopped) throw stoppedWhileStarting();
    const started = performance.now();
    const { entry, args = [], execArgv = SERVER_NODE_FLAGS, cwd = process.cwd(), home, secretKey } = this.#options;
    const run = new ServerRun({
      launcher: this.#options.launcher,
      home,
      spec: { entry, args, execArgv, cwd, name: 'DB Toolkit server', env: serverEnvironment(this.#options.baseEnv ?? process.env, { home, token: this.token, port: pin, secretKey }) },
      pin,
      announceTimeoutMs: this.#options.announceTimeoutMs ?? DEFAULT_TIMEOUTS.announceTimeoutMs,
      readyTimeoutMs: this.#options.readyTimeoutMs ?? DEFAULT_TIMEOUTS.readyTimeoutMs,
      log: (source, line) => this.#log(source, line),
      scrub: (line) => this.#scrubber.scrub(line),
      stopping: () => this.#stoppingOrStopped,
    });
    this.#run = run;
    let reply;
    try {
      reply = await run.ready();
    } catch (error) {
      this.#release(run);
      throw error;
    }
    const port = run.port!;
    this.#lastPort = port;
    void run.child.exited.then((exit) => this.#onExit(run, exit));
    run.watchHealth(this.#health, (why) => {
      this.#killReason = `stopped answering /status (${why})`;
      run.child.signal('SIGKILL');
    });
    const origin = `http://127.0.0.1:${port}`;
    return { url: `${origin}/`, origin, port, pid: reply.pid, restarted: this.#wasReady, startMs: Math.round(performance.now() - started) };
  }

  #becameReady(ready: ServerReady): ServerReady {
    this.#wasReady = true;
    this.#ready = ready;
    this.#setState('running');
    this.#log('supervisor', `server ready on port ${ready.port} (pid ${ready.pid}) in ${ready.startMs} ms${ready.downtimeMs === undefined ? '' : `, ${Math.round(ready.downtimeMs)} ms after the previous one died`}`);
    this.emit('ready', ready);
    return ready;
  }

  #onExit(run: ServerRun, exit: SidecarExit): void {
    if (this.#run !== run) return; // stop() or a failed start already handled it
    this.#release(run);
    const expected = this.#stoppingOrStopped;
    this.emit('exit', { pid: run.child.pid, code: exit.code, signal: exit.signal, expected });
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

  /** Forgets a process that has ended, and removes what it would have on a clean exit. */
  #release(run: ServerRun): void {
    if (this.#run === run) this.#run = undefined;
    run.withdraw();
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
        reject(stoppedWhileStarting());
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
