// Everything the server reads from its environment and command line, validated once.
import { randomBytes } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StartupError } from './errors.ts';
import { LAUNCH_ENV } from './lifecycle/launch-contract.ts';
import { DEFAULT_SESSION_LIMITS, type SessionLimitSettings } from './query/session-limits.ts';

export const PORT_RANGE = { first: 8000, last: 8100 } as const;
const LOOPBACK_HOST = '127.0.0.1';

export interface ServerConfig {
  /** Interface to bind. 127.0.0.1 unless the user passed --host. */
  host: string;
  /** BACKEND_PORT when set: this port or nothing. */
  pinnedPort: number | undefined;
  /** `~/.db-toolkit` or DB_TOOLKIT_HOME. */
  home: string;
  /** Per-launch secret gating every API call and websocket. */
  token: string;
  /** True when the token was generated here rather than handed over by a launcher. */
  tokenGenerated: boolean;
  /** Print the ready-to-open URL (with the token) on stdout. */
  printOpenUrl: boolean;
  dev: boolean;
  logLevel: string;
  /** Directory holding package.json and .next (project root in dev, the bundle in production). */
  appDir: string;
  version: string;
  /** Extra Host header values to accept (DB_TOOLKIT_ALLOWED_HOSTS), for reverse proxies. */
  extraAllowedHosts: string[];
  /** Interval of the websocket heartbeat. */
  heartbeatMs: number;
  /** How often open connections are pinged, so one whose database went away shows as down. */
  connectionCheckMs: number;
  /** Caps on query sessions and how long an idle one lives (query/session-limits.ts). */
  sessionLimits: SessionLimitSettings;
  /** Key for saved passwords handed over by the desktop app (base64, 32 bytes); else a key file. */
  secretKey: string | undefined;
  /** DB_TOOLKIT_TEST_JOBS=1: the test-only /ws/test-jobs endpoint exists. Never set in production. */
  testJobs: boolean;
  /** Largest file an import takes (DB_TOOLKIT_IMPORT_MAX_BYTES; default 10 GB). */
  importMaxBytes: number;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,256}$/;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export function loadConfig(argv: string[], env: Record<string, string | undefined>, moduleDir: string): ServerConfig {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        dev: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new StartupError(`Bad command line: ${(error as Error).message}. Usage: server [--host <address>] [--dev]`);
  }

  const tokenFromEnv = env[LAUNCH_ENV.token];
  if (tokenFromEnv !== undefined && !TOKEN_PATTERN.test(tokenFromEnv)) {
    // Do not echo the value: it is meant to be a secret.
    throw new StartupError(`${LAUNCH_ENV.token} must be 32–256 characters of A–Z, a–z, 0–9, "-" or "_".`);
  }
  const logLevel = env.DB_TOOLKIT_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new StartupError(`DB_TOOLKIT_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}".`);
  }
  const appDir = findAppDir(moduleDir);

  return {
    host: args.host ?? LOOPBACK_HOST,
    pinnedPort: parsePort(env[LAUNCH_ENV.port]),
    home: resolve(env[LAUNCH_ENV.home] || join(homedir(), '.db-toolkit')),
    token: tokenFromEnv ?? randomBytes(32).toString('base64url'),
    tokenGenerated: tokenFromEnv === undefined,
    printOpenUrl: tokenFromEnv === undefined || env[LAUNCH_ENV.printUrl] === '1',
    dev: args.dev ?? false,
    logLevel,
    appDir,
    version: readVersion(appDir),
    extraAllowedHosts: (env.DB_TOOLKIT_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
    heartbeatMs: parsePositiveInt(env.DB_TOOLKIT_WS_HEARTBEAT_MS, 'DB_TOOLKIT_WS_HEARTBEAT_MS') ?? 15_000,
    connectionCheckMs: parsePositiveInt(env.DB_TOOLKIT_CONNECTION_CHECK_MS, 'DB_TOOLKIT_CONNECTION_CHECK_MS') ?? 10_000,
    sessionLimits: {
      perSocket: DEFAULT_SESSION_LIMITS.perSocket,
      perServer: parsePositiveInt(env.DB_TOOLKIT_MAX_SESSIONS, 'DB_TOOLKIT_MAX_SESSIONS') ?? DEFAULT_SESSION_LIMITS.perServer,
      idleMs: parsePositiveInt(env.DB_TOOLKIT_SESSION_IDLE_MS, 'DB_TOOLKIT_SESSION_IDLE_MS') ?? DEFAULT_SESSION_LIMITS.idleMs,
    },
    secretKey: env[LAUNCH_ENV.secretKey] || undefined,
    testJobs: env.DB_TOOLKIT_TEST_JOBS === '1',
    importMaxBytes: parsePositiveInt(env.DB_TOOLKIT_IMPORT_MAX_BYTES, 'DB_TOOLKIT_IMPORT_MAX_BYTES') ?? 10 * 1000 ** 3,
  };
}

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new StartupError(`${LAUNCH_ENV.port} must be a port number between 1 and 65535; got "${value}".`);
  }
  return port;
}

function parsePositiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new StartupError(`${name} must be a positive integer; got "${value}".`);
  return n;
}

/** The nearest directory at or above the running module that holds package.json. */
function findAppDir(moduleDir: string): string {
  for (let dir = moduleDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new StartupError(`No package.json found above ${moduleDir}.`);
  }
}

function readVersion(appDir: string): string {
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
