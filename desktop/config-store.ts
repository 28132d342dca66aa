// The desktop shell's small state files in userData (window placement, …): JSON, written
// atomically and readable only by the user; a missing or torn file reads as "nothing saved".
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../server/fs/atomic-write.ts';

export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function writeJsonFile(file: string, value: unknown): void {
  writeFileAtomicSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}
