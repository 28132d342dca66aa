// <home>/connections.json: the saved connections, passwords encrypted (secret-box.ts).
// Every change rewrites the file atomically; a file that cannot be read is moved aside,
// never overwritten, so a bad edit or a bug cannot destroy the user's connections.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { NotFoundError } from '../errors.ts';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import { ConnectionSettings, type ConnectionInput } from '../protocol/index.ts';
import type { SecretBox } from './secret-box.ts';

const StoredConnection = z.object({
  id: z.string(),
  name: z.string(),
  settings: ConnectionSettings,
  /** SecretBox payload, bound to `id`. */
  password: z.string().optional(),
  color: z.string().optional(),
  autoConnect: z.boolean().default(false),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredConnection = z.infer<typeof StoredConnection>;

const StoreFile = z.object({
  version: z.literal(1),
  connections: z.array(StoredConnection),
});

export class ConnectionStore {
  readonly file: string;
  /** Set when the file could not be read at start and was moved aside. */
  readonly recoveredFrom: string | undefined;
  readonly #box: SecretBox;
  #connections: StoredConnection[];

  constructor(home: string, box: SecretBox) {
    this.file = join(home, 'connections.json');
    this.#box = box;
    const loaded = this.#load();
    this.#connections = loaded.connections;
    this.recoveredFrom = loaded.movedAside;
  }

  /** True before anything was ever saved in this home (first run). */
  static isFirstRun(home: string): boolean {
    return !existsSync(join(home, 'connections.json'));
  }

  list(): readonly StoredConnection[] {
    return this.#connections;
  }

  get(id: string): StoredConnection {
    const found = this.#connections.find((c) => c.id === id);
    if (!found) throw new NotFoundError(`No saved connection with id "${id}".`);
    return found;
  }

  create(input: ConnectionInput & { autoConnect?: boolean }): StoredConnection {
    const now = new Date().toISOString();
    const id = randomUUID();
    const record: StoredConnection = {
      id,
      name: input.name,
      settings: input.settings,
      ...(input.password ? { password: this.#box.encrypt(input.password, id) } : {}),
      ...(input.color ? { color: input.color } : {}),
      autoConnect: input.autoConnect ?? false,
      createdAt: now,
      updatedAt: now,
    };
    this.#save([...this.#connections, record]);
    return record;
  }

  /** Applies an edit. `password` undefined keeps the saved one, null removes it. */
  update(id: string, input: ConnectionInput): StoredConnection {
    const current = this.get(id);
    const next: StoredConnection = {
      ...current,
      name: input.name,
      settings: input.settings,
      color: input.color,
      updatedAt: new Date().toISOString(),
    };
    if (input.password === null || input.password === '') delete next.password;
    else if (input.password !== undefined) next.password = this.#box.encrypt(input.password, id);
    this.#save(this.#connections.map((c) => (c.id === id ? next : c)));
    return next;
  }

  setAutoConnect(id: string, autoConnect: boolean): void {
    if (this.get(id).autoConnect === autoConnect) return;
    this.#save(this.#connections.map((c) => (c.id === id ? { ...c, autoConnect } : c)));
  }

  remove(id: string): void {
    this.get(id);
    this.#save(this.#connections.filter((c) => c.id !== id));
  }

  /** The decrypted password, if one is saved. Throws SecretUnreadableError on a key mismatch. */
  password(id: string): string | undefined {
    const record = this.get(id);
    return record.password === undefined ? undefined : this.#box.decrypt(record.password, id);
  }

  #save(connections: StoredConnection[]): void {
    const body: z.infer<typeof StoreFile> = { version: 1, connections };
    writeFileAtomicSync(this.file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    this.#connections = connections;
  }

  #load(): { connections: StoredConnection[]; movedAside?: string } {
    if (!existsSync(this.file)) return { connections: [] };
    try {
      return { connections: StoreFile.parse(JSON.parse(readFileSync(this.file, 'utf8'))).connections };
    } catch {
      const aside = `${this.file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.file, aside);
      return { connections: [], movedAside: aside };
    }
  }
}
