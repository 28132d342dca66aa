// Graceful shutdown: stop accepting, close websockets with 1001 while in-flight HTTP
// requests finish (both bounded), then release resources (newest first), exit. A hard deadline
// guarantees the process is gone within SHUTDOWN_DEADLINE_MS whatever hangs; a second
// signal exits at once. The last-resort cleanups (port file) run on every path.
import type { Server } from 'node:http';
import type { Logger } from 'pino';

const DRAIN_MS = 2500;
const HOOK_MS = 1000;
const SHUTDOWN_DEADLINE_MS = 4500;

type Hook = { name: string; run: () => void | Promise<void> };

export class Shutdown {
  readonly #server: Server;
  readonly #log: Logger;
  readonly #connectionHooks: Hook[] = [];
  readonly #hooks: Hook[] = [];
  readonly #finalHooks: Hook[] = [];
  #started = false;

  constructor(server: Server, log: Logger) {
    this.#server = server;
    this.#log = log;
  }

  get started(): boolean {
    return this.#started;
  }

  /** Closes long-lived connections (websockets); runs while HTTP requests drain. */
  onConnectionsClose(name: string, run: Hook['run']): void {
    this.#connectionHooks.push({ name, run });
  }

  /** Releases resources; run newest first, each bounded in time, after connections are gone. */
  onShutdown(name: string, run: Hook['run']): void {
    this.#hooks.push({ name, run });
  }

  /** Synchronous cleanups that must run even on a forced exit (e.g. removing the port file). */
  onExit(name: string, run: () => void): void {
    this.#finalHooks.push({ name, run });
  }

  installSignalHandlers(): void {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      process.on(signal, () => {
        if (this.#started) {
          this.#log.warn({ signal }, 'second signal: exiting now');
          this.#exit(signal === 'SIGINT' ? 130 : 143);
        }
        void this.run(`received ${signal}`, 0);
      });
    }
  }

  async run(reason: string, exitCode: number): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#log.info({ reason }, 'shutting down');
    const deadline = setTimeout(() => {
      this.#log.error('shutdown deadline passed; exiting anyway');
      this.#exit(exitCode || 1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();

    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    await Promise.all([
      ...this.#connectionHooks.map((hook) => runBounded(hook, this.#log, DRAIN_MS)),
      Promise.race([closed, delay(DRAIN_MS)]),
    ]);
    this.#server.closeAllConnections();
    for (const hook of [...this.#hooks].reverse()) await runBounded(hook, this.#log, HOOK_MS);
    this.#exit(exitCode);
  }

  #exit(code: number): never {
    for (const hook of this.#finalHooks.splice(0).reverse()) {
      try {
        hook.run();
      } catch (error) {
        this.#log.error({ err: error, hook: hook.name }, 'exit cleanup failed');
      }
    }
    process.exit(code);
  }
}

async function runBounded(hook: Hook, log: Logger, ms: number): Promise<void> {
  try {
    await Promise.race([hook.run(), delay(ms).then(() => log.warn({ hook: hook.name }, 'shutdown step timed out'))]);
  } catch (error) {
    log.error({ err: error, hook: hook.name }, 'shutdown step failed');
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
