// The launch contract: how a launcher (`npm start`, the desktop supervisor, a test) and
// the server it starts find each other. Both sides import this one module — the server's
// announce.ts and config.ts, the desktop's supervisor — so a change breaks the build
// rather than the handshake. Plain Node, no Electron.
//
//   launcher → server   the environment only, never the command line (LAUNCH_ENV)
//   server → launcher   one stdout line `BACKEND_PORT:<port>`; in Electron's utility process
//                       also a `{ type: 'port', port }` message on process.parentPort;
//                       <home>/backend.port and <home>/instances/<pid>.json on disk
//   withdraw            instances/<pid>.json removed; backend.port falls back to the newest
//                       live instance, or is removed when none is left
//
// The launch variables belong to the server alone: no child of the server (terminal shell,
// psql, sqlite3, SQLite session process, job tool) inherits any of them — children get
// only the allow-list of child-environment.ts.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';

/** The environment variables of the contract, by role. */
export const LAUNCH_ENV = {
  /** A pinned port: that port or an error. */
  port: 'BACKEND_PORT',
  /** The data directory. */
  home: 'DB_TOOLKIT_HOME',
  /** The launch token, handed over by a launcher that opens the UI itself. A secret. */
  token: 'DB_TOOLKIT_TOKEN',
  /** The key for saved passwords (base64 of 32 bytes), from the desktop's OS keychain. A secret. */
  secretKey: 'DB_TOOLKIT_SECRET_KEY',
  /** `1`: print the open link even though the token was handed over. */
  printUrl: 'DB_TOOLKIT_PRINT_URL',
  /** Set by Electron for a process that should act as plain Node. */
  runAsNode: 'ELECTRON_RUN_AS_NODE',
} as const;

const LAUNCH_VARIABLES: readonly string[] = Object.values(LAUNCH_ENV);

type Environment = Record<string, string | undefined>;

/** `env` without any launch variable (children of the server get far less: child-environment.ts). */
export function withoutLaunchVariables(env: Environment): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !LAUNCH_VARIABLES.includes(name)) result[name] = value;
  }
  return result;
}

export interface LaunchSettings {
  home: string;
  token: string;
  /** Pin the port; the server picks one when absent. */
  port?: number;
  secretKey?: string;
}

/**
 * The server's whole environment: `base` (e.g. the launcher's own) with the launch
 * variables it carries dropped, so none leaks in or conflicts, then these settings.
 */
export function serverEnvironment(base: Environment, settings: LaunchSettings): Record<string, string> {
  const env = withoutLaunchVariables(base);
  env[LAUNCH_ENV.home] = settings.home;
  env[LAUNCH_ENV.token] = settings.token;
  if (settings.port !== undefined) env[LAUNCH_ENV.port] = String(settings.port);
  if (settings.secretKey) env[LAUNCH_ENV.secretKey] = settings.secretKey;
  return env;
}

const PORT_LINE = /^BACKEND_PORT:(\d{1,5})$/;

/** The announcement line (without its newline). */
export function portLine(port: number): string {
  return `BACKEND_PORT:${port}`;
}

/** The port a stdout line announces, if it is the announcement. */
export function parsePortLine(line: string): number | undefined {
  const match = PORT_LINE.exec(line);
  return match ? Number(match[1]) : undefined;
}

/** The announcement posted on Electron's process.parentPort. */
export interface PortMessage {
  type: 'port';
  port: number;
}

export function portMessage(port: number): PortMessage {
  return { type: 'port', port };
}

export function isPortMessage(message: unknown): message is PortMessage {
  const m = message as { type?: unknown; port?: unknown } | null;
  return typeof m === 'object' && m !== null && m.type === 'port' && Number.isInteger(m.port);
}

/** One running server, as recorded in <home>/instances/<pid>.json. */
export interface InstanceRecord {
  pid: number;
  port: number;
  host: string;
  startedAt: string;
  version: string;
}

export function portFilePath(home: string): string {
  return join(home, 'backend.port');
}

function instancesDir(home: string): string {
  return join(home, 'instances');
}

function instanceFilePath(home: string, pid: number): string {
  return join(instancesDir(home), `${pid}.json`);
}

/** Records a live instance and names it in backend.port; stale records are removed first. */
export function recordInstance(home: string, record: InstanceRecord): void {
  removeStaleInstances(home);
  writeFileAtomicSync(instanceFilePath(home, record.pid), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  writeFileAtomicSync(portFilePath(home), `${record.port}\n`, { mode: 0o600 });
}

/**
 * Removes the instance `pid` (the server on exit; the supervisor after a crash or a kill).
 * `port` is the one it announced, when known; else its record says. Idempotent.
 */
export function withdrawInstance(home: string, pid: number, port: number | undefined = readInstance(home, pid)?.port): void {
  rmSync(instanceFilePath(home, pid), { force: true });
  if (port === undefined) return;
  let current: string;
  try {
    current = readFileSync(portFilePath(home), 'utf8').trim();
  } catch {
    return;
  }
  if (current !== String(port)) return; // a newer instance owns it
  const newest = liveInstances(home).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  if (newest) writeFileAtomicSync(portFilePath(home), `${newest.port}\n`, { mode: 0o600 });
  else rmSync(portFilePath(home), { force: true });
}

function liveInstances(home: string): InstanceRecord[] {
  return readInstances(home).filter((r) => isAlive(r.pid));
}

function removeStaleInstances(home: string): void {
  for (const record of readInstances(home)) {
    if (!isAlive(record.pid)) rmSync(instanceFilePath(home, record.pid), { force: true });
  }
}

function readInstance(home: string, pid: number): InstanceRecord | undefined {
  try {
    return JSON.parse(readFileSync(instanceFilePath(home, pid), 'utf8')) as InstanceRecord;
  } catch {
    return undefined;
  }
}

function readInstances(home: string): InstanceRecord[] {
  let names: string[];
  try {
    names = readdirSync(instancesDir(home)).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const records: InstanceRecord[] = [];
  for (const name of names) {
    const pid = Number.parseInt(name, 10);
    const record = readInstance(home, pid);
    if (record) records.push(record);
    else rmSync(instanceFilePath(home, pid), { force: true }); // torn or foreign file
  }
  return records;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}
