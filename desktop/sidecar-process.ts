// How the supervisor starts the server, kept apart from the supervisor so the same logic
// runs the server in Electron (a utility process, utility-launcher.ts) and in tests and
// `npm run desktop` (a plain Node child process, below).
import { spawn } from 'node:child_process';

export interface LaunchSpec {
  /** The server's entry module (dist/server/server.mjs, or resources/server/server.mjs). */
  entry: string;
  args: string[];
  /** Runtime flags (V8 heap sizes) — never secrets: they show in the process list. */
  execArgv: string[];
  /** The whole environment of the child: secrets travel here, never on the command line. */
  env: Record<string, string>;
  cwd: string;
  /** A name for the process where the platform shows one. */
  name: string;
}

export interface SidecarExit {
  code: number | null;
  signal: string | null;
  /** Set when the process could not be started at all. */
  error?: Error;
}

export interface SidecarProcess {
  /** Undefined until the OS has started it (and forever if it could not be). */
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  /** Resolves once, when the process has ended (or failed to start). */
  readonly exited: Promise<SidecarExit>;
  /** Structured messages from the child (Electron's process.parentPort), if the launcher has a channel. */
  onMessage(listener: (message: unknown) => void): void;
  /** SIGTERM asks for a graceful shutdown; SIGKILL ends it at once. */
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export type Launcher = (spec: LaunchSpec) => SidecarProcess;

/**
 * Starts the server with a Node.js executable: the project's Node 24 in tests and in
 * `npm run desktop`. (In the packaged app, utility-launcher.ts uses Electron's own Node.)
 */
export function nodeLauncher(nodePath: string = process.execPath): Launcher {
  return (spec) => {
    const child = spawn(nodePath, [...spec.execArgv, spec.entry, ...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const exited = new Promise<SidecarExit>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      // 'error' without 'exit' means it never ran (e.g. ENOENT for the executable).
      child.once('error', (error) => {
        if (child.pid === undefined) resolve({ code: null, signal: null, error });
      });
    });
    return {
      get pid() {
        return child.pid;
      },
      stdout: child.stdout,
      stderr: child.stderr,
      exited,
      onMessage: () => {}, // no IPC channel: the stdout line is the announcement
      signal: (signal) => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      },
    };
  };
}
