// What the supervisor (supervisor.ts) is given, what it reports, and its defaults.
import type { SidecarError } from './errors.ts';
import type { HealthWatchSettings } from './health-probe.ts';
import type { RestartLimits } from './restart-policy.ts';
import type { Launcher } from './sidecar-process.ts';

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

export type LogSource = 'server' | 'server:stderr' | 'supervisor';

export interface SupervisorEvents {
  state: [SupervisorState];
  ready: [ServerReady];
  restarting: [{ reason: string; delayMs: number; attemptsInWindow: number }];
  exit: [{ pid: number | undefined; code: number | null; signal: string | null; expected: boolean }];
  failed: [SidecarError];
  log: [{ source: LogSource; line: string }];
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
  /** Environment the server inherits (default: this process's); the launch variables are the supervisor's own. */
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
  health?: Partial<HealthWatchSettings>;
  restart?: Partial<RestartLimits>;
  /** Receives every log line, prefixed with its source (the desktop log file). */
  writeLog?: (line: string) => void;
}

export const DEFAULT_TIMEOUTS = { announceTimeoutMs: 30_000, readyTimeoutMs: 30_000, stopTimeoutMs: 6_000 };
