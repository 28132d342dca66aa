// Test helpers about OS processes.
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** True while `pid` runs. A zombie (exited, not yet reaped by its new parent) counts as gone. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all we have
  }
}

export async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Direct children of `pid` (Linux /proc; empty where unavailable). */
export function childPids(pid = process.pid): number[] {
  const found: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list) found.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    // exited meanwhile, or no /proc
  }
  return found;
}

export interface ChildProcessInfo {
  pid: number;
  command: string;
  argv: string[];
  env: Map<string, string>;
  rawEnviron: string;
}

/** Every process below `pid` (children, grandchildren…), as /proc shows it. */
export function descendantProcesses(pid: number): ChildProcessInfo[] {
  const found: ChildProcessInfo[] = [];
  for (const child of childPids(pid)) {
    try {
      const argv = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const rawEnviron = readFileSync(`/proc/${child}/environ`, 'utf8');
      const env = new Map(rawEnviron.split('\0').filter(Boolean).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
      found.push({ pid: child, command: basename(argv[0] ?? ''), argv, env, rawEnviron });
    } catch {
      continue; // ended meanwhile
    }
    found.push(...descendantProcesses(child));
  }
  return found;
}
