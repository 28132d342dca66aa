// Test helper: resident memory of this process and every process it started (a driver's
// worker processes count: memory moved to a child is still memory). Linux /proc only.
import { existsSync, readFileSync } from 'node:fs';
import { childPids } from './processes.ts';

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // exited meanwhile
  }
}

export function processTreeRssBytes(root = process.pid): number {
  if (!existsSync(`/proc/${root}/status`)) throw new Error('Measuring memory needs Linux /proc (not available here).');
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    total += rssKb(pid);
    pending.push(...childPids(pid));
  }
  return total * 1024;
}
