// Test helper: resident memory of this process and every process it started (a driver's
// worker processes count: memory moved to a child is still memory). Linux /proc only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // exited meanwhile
  }
}

function children(pid: number): number[] {
  const found: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list) found.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    // exited meanwhile
  }
  return found;
}

export function processTreeRssBytes(root = process.pid): number {
  if (!existsSync(`/proc/${root}/status`)) throw new Error('Measuring memory needs Linux /proc (not available here).');
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    total += rssKb(pid);
    pending.push(...children(pid));
  }
  return total * 1024;
}
