// A child process run by a job: spawned without a shell, leading its own process group,
// with only the environment it is given (plus what every child of the server gets:
// lifecycle/child-environment.ts), its stderr in the job's log. When the job is cancelled the whole
// group gets SIGTERM, then SIGKILL after a grace period — the tool and anything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { childEnvironment } from '../lifecycle/child-environment.ts';
import { forEachLine } from '../lib/lines.ts';
import { JobProcessError } from './errors.ts';
import type { JobLogLevel } from './job-log.ts';
import { signalProcessGroup } from './process-group.ts';

export interface JobProcessSpec {
  /** The program (absolute path, or a name looked up on PATH). Never run through a shell. */
  command: string;
  args: string[];
  /** Added to the base environment: put credentials here (PGPASSWORD…), never in `args`. */
  env?: Record<string, string>;
  cwd?: string;
  /** 'pipe' to write to the process (e.g. a restore fed from a file). Default 'ignore'. */
  stdin?: 'ignore' | 'pipe';
  /** 'log' (default): each line into the job's log; 'pipe': read `stdout` yourself. */
  stdout?: 'log' | 'pipe' | 'ignore';
  /** Between SIGTERM and SIGKILL when cancelled. Default 2 s. */
  killGraceMs?: number;
  /** The name used in the log and in errors; default: the command's file name. */
  label?: string;
}

export interface JobProcess {
  readonly pid: number;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  /**
   * Resolves when the process exited with status 0 and its output is read. Rejects with
   * JobProcessError (could not start, non-zero exit, killed by a signal) or, when the job
   * was cancelled, with the cancel reason once the whole group is gone.
   */
  readonly done: Promise<void>;
}

/** What the job gives the process: its cancel signal, its log, and a record of live pids. */
export interface JobProcessHooks {
  signal: AbortSignal;
  log(level: JobLogLevel, text: string): void;
  started(pid: number): void;
  ended(pid: number): void;
}

const DEFAULT_KILL_GRACE_MS = 2000;
const STDERR_TAIL_LINES = 5;

export function spawnJobProcess(spec: JobProcessSpec, hooks: JobProcessHooks): JobProcess {
  const label = spec.label ?? basename(spec.command);
  hooks.signal.throwIfAborted();
  const child: ChildProcess = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: childEnvironment(process.env, spec.env) as NodeJS.ProcessEnv,
    stdio: [spec.stdin ?? 'ignore', spec.stdout === 'pipe' ? 'pipe' : spec.stdout === 'ignore' ? 'ignore' : 'pipe', 'pipe'],
    detached: true, // its own process group, so cancel reaches everything it starts
    shell: false,
    windowsHide: true,
  });
  const pid = child.pid;
  const stderrTail: string[] = [];
  forEachLine(child.stderr, (line) => {
    if (!line) return;
    hooks.log('info', line);
    stderrTail.push(line);
    if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
  });
  if ((spec.stdout ?? 'log') === 'log') forEachLine(child.stdout, (line) => line && hooks.log('info', line));

  let killTimer: NodeJS.Timeout | undefined;
  const cancel = () => {
    if (pid === undefined) return;
    hooks.log('warn', `Stopping ${label} (process group ${pid}).`);
    signalProcessGroup(pid, 'SIGTERM');
    killTimer = setTimeout(() => signalProcessGroup(pid, 'SIGKILL'), spec.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
  };
  if (pid !== undefined) {
    hooks.started(pid);
    hooks.signal.addEventListener('abort', cancel, { once: true });
  }

  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (pid !== undefined) return; // errors after a successful spawn end in 'close' too
      const why = error.code === 'ENOENT' ? 'not found' : error.code === 'EACCES' ? 'not executable' : error.message;
      reject(new JobProcessError(`Could not start ${label}: ${why}.`, null, { cause: error }));
    });
    child.once('exit', (code, signal) => {
      if (!hooks.signal.aborted || pid === undefined || finishedItself(code, signal)) return;
      // The leader is gone; finish off anything in its group that ignored SIGTERM, and let
      // go of pipes they may have held, so 'close' comes.
      signalProcessGroup(pid, 'SIGKILL');
      child.stdout?.destroy();
      child.stdin?.destroy();
    });
    child.once('close', (code, signal) => {
      clearTimeout(killTimer);
      hooks.signal.removeEventListener('abort', cancel);
      if (pid !== undefined) hooks.ended(pid);
      // A program that ended by itself, successfully, did its whole work — even when the
      // cancel came as it was exiting (a restore whose transaction had committed is restored).
      if (finishedItself(code, signal)) return resolve();
      if (hooks.signal.aborted) return reject(hooks.signal.reason);
      const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
      const last = stderrTail.at(-1);
      reject(new JobProcessError(`${label} ${how}${last ? `: ${last}` : '.'}`, code));
    });
  });
  done.catch(() => {}); // the caller awaits it; never an unhandled rejection meanwhile
  return { pid: pid ?? -1, stdin: child.stdin, stdout: spec.stdout === 'pipe' ? child.stdout : null, done };
}

/** Exit status 0, not a signal: our SIGTERM ends these tools by the signal or with a failure status. */
function finishedItself(code: number | null, signal: NodeJS.Signals | null): boolean {
  return code === 0 && signal === null;
}
