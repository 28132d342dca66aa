// One run of the server process, from spawn to exit, for the supervisor:
//
//   spawn (launch settings by environment) → its port announced (`BACKEND_PORT:<port>` on
//   stdout, or a port message) within a bound → GET /status 200 within a bound → ready
//   → health watched until it exits → its port and instance files withdrawn.
//
// Its stdout and stderr go to the log line by line; the last stderr lines are kept to say
// why a start failed. A failed start kills the process when it still runs, and rejects
// with a SidecarError. When to start another run is the supervisor's decision.
import { isPortMessage, parsePortLine, withdrawInstance } from '../server/lifecycle/launch-contract.ts';
import { SidecarError, startupExitError, stoppedWhileStarting } from './errors.ts';
import { HealthWatch, waitForReady, type HealthWatchSettings, type StatusReply } from './health-probe.ts';
import { forEachLine } from '../server/lib/lines.ts';
import type { LogSource } from './supervisor-options.ts';
import type { Launcher, LaunchSpec, SidecarExit, SidecarProcess } from './sidecar-process.ts';
import { TIMED_OUT, within } from './within.ts';

const STDERR_TAIL_LINES = 20;

export interface RunSettings {
  launcher: Launcher;
  spec: LaunchSpec;
  /** The server's home, where it announces itself. */
  home: string;
  /** The port asked for, if any: the server reports a busy one, and so does the error. */
  pin: number | undefined;
  announceTimeoutMs: number;
  readyTimeoutMs: number;
  /** Writes one line of the log; scrubs secrets. */
  log(source: LogSource, line: string): void;
  /** Scrubs secrets from a line kept for the error. */
  scrub(line: string): string;
  /** True once the supervisor is stopping: an exit is then no failure of the server's. */
  stopping(): boolean;
}

export class ServerRun {
  readonly child: SidecarProcess;
  /** The port it announced, once it has. */
  port: number | undefined;
  readonly #settings: RunSettings;
  readonly #stderrTail: string[] = [];
  readonly #announced: Promise<number>;
  #healthWatch: HealthWatch | undefined;

  constructor(settings: RunSettings) {
    this.#settings = settings;
    this.child = settings.launcher(settings.spec);
    let announce!: (port: number) => void;
    this.#announced = new Promise<number>((resolve) => (announce = resolve));
    forEachLine(this.child.stdout, (line) => {
      const port = parsePortLine(line);
      if (port !== undefined) announce(port);
      settings.log('server', line);
    });
    forEachLine(this.child.stderr, (line) => {
      this.#stderrTail.push(settings.scrub(line));
      if (this.#stderrTail.length > STDERR_TAIL_LINES) this.#stderrTail.shift();
      settings.log('server:stderr', line);
    });
    this.child.onMessage((message) => {
      if (isPortMessage(message)) announce(message.port);
    });
    void this.child.exited.then(() => this.stopWatching());
  }

  /** Resolves once the server announced its port and answers /status 200; rejects with a SidecarError. */
  async ready(): Promise<StatusReply> {
    const { announceTimeoutMs, readyTimeoutMs } = this.#settings;
    const first = await within(Promise.race([this.#announced, this.child.exited]), announceTimeoutMs);
    if (first === TIMED_OUT) throw await this.#killed(new SidecarError('announce-timeout', `The server did not report its port within ${announceTimeoutMs / 1000} s.`, this.#tail()));
    if (typeof first !== 'number') throw this.#exitError(first);
    this.port = first;

    const health = await waitForReady(first, readyTimeoutMs, this.child.exited);
    const exit = await within(this.child.exited, 0);
    if (exit !== TIMED_OUT) throw this.#exitError(exit);
    if (!health.ok) {
      throw await this.#killed(new SidecarError('ready-timeout', `The server on port ${first} did not become ready within ${readyTimeoutMs / 1000} s (${health.why}).`, this.#tail()));
    }
    return health.reply;
  }

  /** Probes /status while it runs; `hung` after too many failures in a row. */
  watchHealth(settings: HealthWatchSettings, hung: (why: string) => void): void {
    this.#healthWatch = new HealthWatch(this.port!, settings, {
      failed: (count, why) => this.#settings.log('supervisor', `health check failed (${count} of ${settings.failures}): ${why}`),
      hung,
    });
  }

  stopWatching(): void {
    this.#healthWatch?.stop();
  }

  /** Removes what the server removes on a clean exit: for after a crash or a kill. */
  withdraw(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      withdrawInstance(this.#settings.home, pid, this.port);
    } catch (error) {
      this.#settings.log('supervisor', `could not clean up after server ${pid}: ${(error as Error).message}`);
    }
  }

  #exitError(exit: SidecarExit): SidecarError {
    if (this.#settings.stopping()) return stoppedWhileStarting(this.#tail());
    return startupExitError(exit, this.#settings.pin, this.#stderrTail);
  }

  async #killed(error: SidecarError): Promise<SidecarError> {
    this.child.signal('SIGKILL');
    await this.child.exited;
    return error;
  }

  #tail(): string {
    return this.#stderrTail.join('\n');
  }
}
