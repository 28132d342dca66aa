// Signals for a job's whole process tree, and recognising that tree after a server crash.
// A job's child leads its own process group (spawned detached), so one signal to the group
// reaches the tool and everything it started.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { childEnvironment } from '../lifecycle/child-environment.ts';

/** Signals every process in the group led by `pid`. False when none was left. */
export function signalProcessGroup(pid: number, signal: 'SIGTERM' | 'SIGKILL'): boolean {
  if (process.platform === 'win32') {
    // No process groups or SIGTERM on Windows: end the tree at once.
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true, env: childEnvironment() as NodeJS.ProcessEnv }).on('error', () => {});
    return true;
  }
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

/**
 * Identifies the process `pid` as it runs now — boot id and start time (Linux /proc) — so
 * a recorded pid can be told apart from a later process that reused the number. Null
 * where this cannot be known (no /proc) or the process is gone.
 */
export function processIdentity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces); starttime is field 22.
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return startTicks ? `${bootId()}:${startTicks}` : null;
  } catch {
    return null;
  }
}

/**
 * After a crash: SIGKILL to the group a job left running, if it provably is that group —
 * its leader is the same process (same identity), or the leader is gone but the group
 * still has members (the system does not give a pid out while it names a live group, so
 * a leaderless group with that id is the one the job started). False when nothing was done.
 */
export function reapProcessGroup(pid: number, identity: string | null): boolean {
  if (identity === null) return false;
  const now = processIdentity(pid);
  const sameGroup = now === identity || (now === null && identity.startsWith(`${bootId()}:`) && groupExists(pid));
  return sameGroup && signalProcessGroup(pid, 'SIGKILL');
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function bootId(): string {
  return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
}
