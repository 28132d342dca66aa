// A driver's metadata worker thread, there only while it is used: started by the first
// question, ended once no question came for `idleMs`, started again by the next one. A
// worker thread is a V8 isolate of its own (~14 MB), and a saved connection is opened at
// every start, so a server whose SQLite connections are not being browsed holds none
// (README: Benchmarks).
import { WorkerHost } from './worker-host.ts';
import type { MetadataApi, MetadataMethod, OpenOptions } from './worker-protocol.ts';

/** How long a metadata worker outlives its last question. */
export const METADATA_IDLE_MS = 30_000;

export class MetadataHost {
  readonly #options: OpenOptions;
  readonly #idleMs: number;
  #host: Promise<WorkerHost> | null = null;
  #idleTimer: NodeJS.Timeout | undefined;
  #calls = 0;

  constructor(options: OpenOptions, idleMs = METADATA_IDLE_MS) {
    this.#options = options;
    this.#idleMs = idleMs;
  }

  /** Whether a worker is running or starting (for tests). */
  get running(): boolean {
    return this.#host !== null;
  }

  async call<M extends MetadataMethod>(method: M, ...args: Parameters<MetadataApi[M]>): Promise<ReturnType<MetadataApi[M]>> {
    clearTimeout(this.#idleTimer);
    this.#calls++;
    try {
      return await (await this.#liveHost()).request({ op: 'metadata', method, args });
    } finally {
      if (--this.#calls === 0) this.#idleTimer = setTimeout(() => void this.close(), this.#idleMs).unref();
    }
  }

  /** Ends the worker (if any); the next call starts another. */
  async close(): Promise<void> {
    clearTimeout(this.#idleTimer);
    const host = this.#host;
    this.#host = null;
    await (await host?.catch(() => null))?.close();
  }

  async #liveHost(): Promise<WorkerHost> {
    const host = await this.#host?.catch(() => null);
    if (host && !host.exited) return host;
    // None yet, or it died (or could not start): start one for this call. A start that
    // fails (the file was deleted, is no database) fails this call with its ConnectError.
    this.#host = WorkerHost.start('thread', this.#options);
    return this.#host;
  }
}
