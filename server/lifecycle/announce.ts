// How launchers find a running server: the stdout line `BACKEND_PORT:<port>` (and, in
// Electron's utility process, a `{ type: 'port', port }` message on process.parentPort),
// the port in <home>/backend.port, and one file per running instance in
// <home>/instances/<pid>.json.
// backend.port always names the newest live instance: when that one exits, the port file
// falls back to the newest remaining instance, or is removed when none is left.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';

export interface InstanceRecord {
  pid: number;
  port: number;
  host: string;
  startedAt: string;
  version: string;
}

/** The message channel to the desktop shell when Electron runs us as a utility process. */
export interface ParentPort {
  postMessage(message: unknown): void;
}

function electronParentPort(): ParentPort | undefined {
  return (process as { parentPort?: ParentPort }).parentPort;
}

export class Announcement {
  readonly portFile: string;
  readonly #instancesDir: string;
  readonly #record: InstanceRecord;

  constructor(home: string, record: InstanceRecord) {
    this.portFile = join(home, 'backend.port');
    this.#instancesDir = join(home, 'instances');
    this.#record = record;
  }

  get #instanceFile(): string {
    return join(this.#instancesDir, `${this.#record.pid}.json`);
  }

  publish(stdout: { write(text: string): unknown }, parentPort: ParentPort | undefined = electronParentPort()): void {
    removeStaleInstances(this.#instancesDir);
    writeFileAtomicSync(this.#instanceFile, `${JSON.stringify(this.#record, null, 2)}\n`, { mode: 0o600 });
    writeFileAtomicSync(this.portFile, `${this.#record.port}\n`, { mode: 0o600 });
    stdout.write(`BACKEND_PORT:${this.#record.port}\n`);
    parentPort?.postMessage({ type: 'port', port: this.#record.port });
  }

  /** Idempotent; safe to call from exit paths. */
  withdraw(): void {
    rmSync(this.#instanceFile, { force: true });
    let current: string | undefined;
    try {
      current = readFileSync(this.portFile, 'utf8').trim();
    } catch {
      return;
    }
    if (current !== String(this.#record.port)) return; // a newer instance owns it
    const newest = liveInstances(this.#instancesDir).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    if (newest) writeFileAtomicSync(this.portFile, `${newest.port}\n`, { mode: 0o600 });
    else rmSync(this.portFile, { force: true });
  }
}

export function liveInstances(dir: string): InstanceRecord[] {
  return readInstances(dir).filter((r) => isAlive(r.pid));
}

function removeStaleInstances(dir: string): void {
  for (const record of readInstances(dir)) {
    if (!isAlive(record.pid)) rmSync(join(dir, `${record.pid}.json`), { force: true });
  }
}

function readInstances(dir: string): InstanceRecord[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const records: InstanceRecord[] = [];
  for (const name of names) {
    try {
      records.push(JSON.parse(readFileSync(join(dir, name), 'utf8')) as InstanceRecord);
    } catch {
      rmSync(join(dir, name), { force: true }); // torn or foreign file
    }
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
