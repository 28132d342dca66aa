// The process groups of a terminal session. A shell with job control puts each job in a
// group of its own, so signalling the shell's group alone does not reach `sleep 300 &`.
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every process group in the session led by `sessionLeader` (node-pty's child calls
 * setsid, so its pid is the session id), the leader's own group first. Read from /proc on
 * Linux; elsewhere only the leader's group is known.
 */
export function sessionProcessGroups(sessionLeader: number): number[] {
  const groups = new Set<number>([sessionLeader]);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [...groups];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // After the command's closing parenthesis: state ppid pgrp session …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[3]) === sessionLeader) groups.add(Number(fields[2]));
  }
  return [...groups];
}
