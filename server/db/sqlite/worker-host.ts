// Starts sqlite.worker.ts as a worker thread or a child process and talks to it: each
// request gets the reply with the same id. Must sit beside sqlite.worker.ts (workerUrl).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NotFoundError } from '../../errors.ts';
import { childEnvironment } from '../../lifecycle/child-environment.ts';
import { LAUNCH_ENV } from '../../lifecycle/launch-contract.ts';
import { workerUrl } from '../../lib/worker-url.ts';
import { ConnectError, DatabaseError } from '../errors.ts';
import type { OpenOptions, WorkerFailure, WorkerReply, WorkerRequest } from './worker-protocol.ts';

export type HostKind = 'thread' | 'process';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class WorkerHost {
  readonly #send: (message: object) => void;
  readonly #kill: () => void;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #nextId = 1;
  #exitError: Error | null = null;
  #idleWaiters: (() => void)[] = [];

  /** Starts a worker and opens the database in it; ConnectError if the file cannot be opened. */
  static async start(kind: HostKind, options: OpenOptions): Promise<WorkerHost> {
    const host = new WorkerHost(kind);
    try {
      await host.request({ op: 'open', options });
    } catch (error) {
      host.kill();
      throw error;
    }
    return host;
  }

  private constructor(kind: HostKind) {
    const url = workerUrl('sqlite', import.meta.url);
    let exited: () => void;
    this.#exited = new Promise((resolve) => (exited = resolve));
    const onExit = (code: number | null, signal?: NodeJS.Signals | null) => {
      this.#exitError ??= new DatabaseError(`The SQLite worker stopped unexpectedly (${signal ?? `exit code ${code}`}).`);
      for (const pending of this.#pending.values()) pending.reject(this.#exitError);
      this.#pending.clear();
      this.#notifyIdle();
      exited();
    };
    if (kind === 'thread') {
      const worker = new Worker(url);
      worker.on('message', (reply: WorkerReply) => this.#receive(reply));
      worker.on('error', (error) => (this.#exitError ??= new DatabaseError(`The SQLite worker failed: ${error.message}`)));
      worker.on('exit', (code) => onExit(code));
      this.#send = (message) => worker.postMessage(message);
      this.#kill = () => void worker.terminate();
    } else {
      const child: ChildProcess = fork(fileURLToPath(url), [], {
        // Batches arrive as one Buffer each (StatementStep.packed): V8's serializer copies its
        // bytes as they are, where JSON would spell out every byte.
        serialization: 'advanced',
        execArgv: [],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        // Only what every child gets (no token, no password key); inside Electron,
        // process.execPath is the Electron binary, so it is told to act as Node.
        env: childEnvironment(process.env, { ...(process.env.NODE_ENV ? { NODE_ENV: process.env.NODE_ENV } : {}), [LAUNCH_ENV.runAsNode]: '1' }) as NodeJS.ProcessEnv,
      });
      child.on('message', (reply) => this.#receive(reply as WorkerReply));
      child.on('error', (error) => (this.#exitError ??= new DatabaseError(`The SQLite worker failed: ${error.message}`)));
      child.on('exit', (code, signal) => onExit(code, signal));
      this.#send = (message) => child.send(message);
      this.#kill = () => void child.kill('SIGKILL');
    }
  }

  /** A request is being worked on (the worker may be deep inside SQLite). */
  get busy(): boolean {
    return this.#pending.size > 0;
  }

  get exited(): boolean {
    return this.#exitError !== null;
  }

  request<T>(message: WorkerRequest): Promise<T> {
    if (this.#exitError) return Promise.reject(this.#exitError);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#send({ id, ...message });
    });
  }

  /** Resolves when no request is outstanding (at once if none is). */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Ends the worker now; outstanding requests fail with `reason`. */
  kill(reason: Error = new DatabaseError('The SQLite worker was stopped.')): Promise<void> {
    this.#exitError ??= reason;
    this.#kill();
    return this.#exited;
  }

  /** Closes the database and lets the worker exit (killed if it does not within 2 s). */
  async close(): Promise<void> {
    if (this.#exitError) return this.#exited;
    const closed = new DatabaseError('The SQLite worker was closed.');
    this.request({ op: 'close' }).catch(() => {});
    this.#exitError = closed;
    const timer = setTimeout(() => this.#kill(), 2000);
    await this.#exited;
    clearTimeout(timer);
  }

  #receive(reply: WorkerReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(toError(reply.failure));
    this.#notifyIdle();
  }

  #notifyIdle(): void {
    if (this.busy) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function toError(failure: WorkerFailure): Error {
  switch (failure.kind) {
    case 'open':
      return new ConnectError(failure.message);
    case 'not_found':
      return new NotFoundError(failure.message);
    case 'database':
      return new DatabaseError(failure.message, { position: failure.position, sqlState: failure.code });
  }
}
