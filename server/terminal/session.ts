// One pseudo-terminal and the process in it. Output is kept in a bounded scrollback and,
// while a client is attached, sent to it in batches (one frame per BATCH_MS at most). Flow
// control: when the client's socket has more than HIGH_WATER bytes queued, the pty is
// paused — the program then blocks on its next write, as in any terminal — and resumed
// once the socket drained below LOW_WATER, so a runaway `yes` cannot grow server memory.
// Unix only (node-pty's Windows backend is not supported by this product).
import { createRequire } from 'node:module';
import type { IPty } from 'node-pty';
import type { TerminalExit } from '../protocol/index.ts';
import { TerminalStartError } from './errors.ts';
import { sessionProcessGroups } from './process-groups.ts';
import { Scrollback } from './scrollback.ts';

// node-pty (a native addon: ~6 MB of RSS) is loaded by the first terminal, not at start —
// most runs never open one. A synchronous require keeps opening a session synchronous.
let nodePty: typeof import('node-pty') | undefined;
function loadNodePty(): typeof import('node-pty') {
  nodePty ??= createRequire(import.meta.url)('node-pty') as typeof import('node-pty');
  return nodePty;
}

const BATCH_MS = 16;
/** A batch this big is sent at once rather than waiting for the timer. */
const MAX_BATCH_BYTES = 256 * 1024;
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;
const SCROLLBACK_BYTES = 512 * 1024;
/** After SIGHUP, how long a process gets to exit before SIGKILL. */
const KILL_GRACE_MS = 500;

export interface SpawnSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Shown as the tab's title. */
  title: string;
  /** Set when the session runs a connection's CLI. */
  cli?: { connectionId: string };
  /** Runs once the process has exited (e.g. removes a temporary CA file). */
  cleanup?: () => void;
}

/** Where a session's output goes: the socket of the client attached to it. */
export interface OutputSink {
  /** Sends a chunk; `written` runs once the socket took it off the queue. */
  send(chunk: Buffer, written: () => void): void;
  /** Bytes queued for the client but not yet written to the network. */
  buffered(): number;
  exited(exit: TerminalExit): void;
  /** Another client took the session over. */
  detached(): void;
}

export class TerminalSession {
  readonly id: string;
  readonly title: string;
  readonly cli: { connectionId: string } | undefined;
  readonly createdAt = new Date().toISOString();
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<TerminalExit>;
  readonly #pty: IPty;
  readonly #scrollback = new Scrollback(SCROLLBACK_BYTES);
  #sink: OutputSink | undefined;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #paused = false;
  #exit: TerminalExit | undefined;

  constructor(id: string, spec: SpawnSpec, size: { cols: number; rows: number }) {
    this.id = id;
    this.title = spec.title;
    this.cli = spec.cli;
    try {
      this.#pty = loadNodePty().spawn(spec.command, spec.args, {
        name: 'xterm-256color',
        cols: size.cols,
        rows: size.rows,
        cwd: spec.cwd,
        env: spec.env,
        encoding: null, // raw bytes: a UTF-8 character split across reads stays intact
      });
    } catch (error) {
      spec.cleanup?.();
      throw new TerminalStartError(`Could not start ${spec.title}: ${(error as Error).message}`, { cause: error });
    }
    this.pid = this.#pty.pid;
    // With `encoding: null` node-pty hands out Buffers, whatever its typings say.
    this.#pty.onData((data: string | Buffer) => this.#output(typeof data === 'string' ? Buffer.from(data) : data));
    this.exited = new Promise((resolve) => {
      this.#pty.onExit(({ exitCode, signal }) => {
        this.#flush(); // the last output goes out before the exit notice
        const exit = { exitCode, signal: signal || null };
        this.#exit = exit;
        spec.cleanup?.();
        this.#sink?.exited(exit);
        resolve(exit);
      });
    });
  }

  get exit(): TerminalExit | undefined {
    return this.#exit;
  }

  get attached(): boolean {
    return this.#sink !== undefined;
  }

  /**
   * Makes `sink` the receiver of this session's output (the previous one is told it was
   * detached) and returns the scrollback for it to replay.
   */
  attach(sink: OutputSink): Buffer {
    const previous = this.#sink;
    this.#sink = sink;
    // Whatever was waiting to be sent is already in the scrollback being returned.
    this.#dropPending();
    this.#resume();
    if (previous && previous !== sink) previous.detached();
    return this.#scrollback.snapshot();
  }

  /** Stops sending to `sink` (if it is still the attached one). Returns whether it was. */
  detach(sink: OutputSink): boolean {
    if (this.#sink !== sink) return false;
    this.#sink = undefined;
    this.#dropPending();
    // Keep reading while nobody watches: the program runs on, its output kept in the scrollback.
    this.#resume();
    return true;
  }

  write(data: string): void {
    if (!this.#exit) this.#pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.#exit) this.#pty.resize(cols, rows);
  }

  /**
   * Ends the process and its jobs: SIGHUP to every process group in its session (what
   * closing a terminal window amounts to — sent directly rather than trusting the shell to
   * pass it on in time), SIGKILL to the shell's group if it is still there after a short grace.
   * A job that ignores SIGHUP (`nohup`) is left running, as in any terminal.
   */
  async kill(): Promise<void> {
    if (this.#exit) return;
    this.#resume(); // a paused pty would hold back the exit notice
    for (const group of sessionProcessGroups(this.pid)) signalGroup(group, 'SIGHUP');
    const force = setTimeout(() => {
      if (!this.#exit) signalGroup(this.pid, 'SIGKILL');
    }, KILL_GRACE_MS);
    await this.exited;
    clearTimeout(force);
  }

  #output(chunk: Buffer): void {
    this.#scrollback.append(chunk);
    if (!this.#sink) return;
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes >= MAX_BATCH_BYTES) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), BATCH_MS);
  }

  #flush(): void {
    const sink = this.#sink;
    if (!sink || this.#pendingBytes === 0) return this.#dropPending();
    const batch = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingBytes);
    this.#dropPending();
    sink.send(batch, () => {
      if (this.#sink === sink && sink.buffered() < LOW_WATER) this.#resume();
    });
    if (!this.#paused && sink.buffered() > HIGH_WATER) {
      this.#paused = true;
      this.#pty.pause();
    }
  }

  #dropPending(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
    this.#pendingBytes = 0;
  }

  #resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#pty.resume();
  }
}

/** Signals a process group, and its leader by pid in case the group is already gone. */
function signalGroup(leader: number, signal: NodeJS.Signals): void {
  for (const target of [-leader, leader]) {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  }
}
