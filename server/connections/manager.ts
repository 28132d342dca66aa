// Saved connections plus their live state: connect / disconnect / test, the open Driver
// of each connected one, and "reconnect at start what was open at exit". Every password
// that passes through is registered with the log scrubber first.
import type { Logger } from 'pino';
import type { ConnectTarget, Driver } from '../db/driver.ts';
import { ConnectError } from '../db/errors.ts';
import type { SecretScrubber } from '../logging/secret-scrubber.ts';
import type { ConnectionInput, SavedConnection, TestConnectionInput, TestConnectionResult } from '../protocol/index.ts';
import type { ConnectionStore, StoredConnection } from './store.ts';

export type Connector = (target: ConnectTarget) => Promise<Driver>;

type Live =
  | { status: 'connecting'; ready: Promise<Driver> }
  // `down`: the last ping failed (database stopped, file gone). The driver is kept — its
  // sessions reconnect by themselves when the database is back — but the status says so.
  | { status: 'connected'; driver: Driver; serverVersion: string; down?: string }
  | { status: 'error'; error: string };

/** A ping that takes longer than this counts as a failure. */
const PING_TIMEOUT_MS = 5000;

export class ConnectionManager {
  readonly #store: ConnectionStore;
  readonly #connect: Connector;
  readonly #log: Logger;
  readonly #secrets: SecretScrubber;
  readonly #live = new Map<string, Live>();
  readonly #closeListeners = new Set<(id: string) => void>();

  constructor(store: ConnectionStore, connect: Connector, log: Logger, secrets: SecretScrubber) {
    this.#store = store;
    this.#connect = connect;
    this.#log = log;
    this.#secrets = secrets;
  }

  list(): SavedConnection[] {
    return this.#store.list().map((record) => this.#view(record));
  }

  /** The saved connection's name; null once it is deleted (the activity log names connections). */
  nameOf(id: string): string | null {
    return this.#store.list().find((c) => c.id === id)?.name ?? null;
  }

  get(id: string): SavedConnection {
    return this.#view(this.#store.get(id));
  }

  create(input: ConnectionInput): SavedConnection {
    if (input.password) this.#secrets.add(input.password);
    return this.#view(this.#store.create(input));
  }

  /** Saves an edit; an open connection is re-opened with the new settings. */
  async update(id: string, input: ConnectionInput): Promise<SavedConnection> {
    if (input.password) this.#secrets.add(input.password);
    const wasOpen = this.#live.has(id);
    await this.#close(id);
    const record = this.#store.update(id, input);
    if (wasOpen) await this.connect(id).catch(() => {}); // its status says what went wrong
    return this.#view(record);
  }

  async remove(id: string): Promise<void> {
    this.#store.get(id);
    await this.#close(id);
    this.#store.remove(id);
  }

  /** Opens a throwaway connection with these settings (a saved password fills a blank one). */
  async test(input: TestConnectionInput): Promise<Extract<TestConnectionResult, { ok: true }>> {
    const password = input.password ?? (input.id && input.password !== null ? this.#store.password(input.id) : undefined);
    if (password) this.#secrets.add(password);
    const started = performance.now();
    const driver = await this.#connect({ ...input.settings, ...(password ? { password } : {}) });
    try {
      return { ok: true, serverVersion: await driver.serverVersion(), latencyMs: Math.round(performance.now() - started) };
    } finally {
      await driver.close();
    }
  }

  async connect(id: string): Promise<SavedConnection> {
    await this.driver(id);
    this.#store.setAutoConnect(id, true);
    return this.get(id);
  }

  async disconnect(id: string): Promise<SavedConnection> {
    await this.#close(id);
    this.#store.setAutoConnect(id, false);
    return this.get(id);
  }

  /** The connection's open driver, connecting first when needed. Throws ConnectError. */
  async driver(id: string): Promise<Driver> {
    const live = this.#live.get(id);
    if (live?.status === 'connected') return live.driver;
    if (live?.status === 'connecting') return live.ready;
    const attempt = { status: 'connecting' as const, ready: undefined as unknown as Promise<Driver> };
    attempt.ready = this.#open(id, attempt);
    this.#live.set(id, attempt);
    return attempt.ready;
  }

  /** Name and full target (with password) of a saved connection, e.g. for the terminal's CLI. */
  resolve(id: string): { name: string; target: ConnectTarget } {
    const record = this.#store.get(id);
    return { name: record.name, target: this.#target(record) };
  }

  /** Called when a connection's driver is closed (disconnect, edit, removal, shutdown). */
  onClose(listener: (id: string) => void): () => void {
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  /** Reconnects, in the background, the connections that were open when the server last stopped. */
  reconnectSaved(): void {
    for (const record of this.#store.list()) {
      if (record.autoConnect) void this.driver(record.id).catch(() => {});
    }
  }

  /**
   * Pings every open connection every `intervalMs`, so a database that went away shows as
   * down (status `error`, with the reason) and as connected again once it is back.
   * Returns a function that stops watching.
   */
  watch(intervalMs: number): () => void {
    let pinging = false;
    const timer = setInterval(() => {
      if (pinging) return;
      pinging = true;
      void this.pingAll().finally(() => (pinging = false));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** One round of the watch: each open connection's ping, its status updated. */
  async pingAll(): Promise<void> {
    await Promise.all(
      [...this.#live].map(async ([id, live]) => {
        if (live.status !== 'connected') return;
        const down = await ping(live.driver);
        if (this.#live.get(id) !== live || down === live.down) return;
        if (down) this.#log.warn({ connection: this.#store.get(id).name, error: down }, 'connection down');
        else this.#log.info({ connection: this.#store.get(id).name }, 'connection back');
        this.#live.set(id, { ...live, down });
      }),
    );
  }

  /** On shutdown: close every driver but keep autoConnect, so they reopen at the next start. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#live.keys()].map((id) => this.#close(id)));
  }

  // `attempt` is the map entry this call fills in; if the connection was closed or removed
  // meanwhile, the entry is gone and the late driver is closed instead of resurrected.
  async #open(id: string, attempt: Live): Promise<Driver> {
    const record = this.#store.get(id);
    const current = () => this.#live.get(id) === attempt;
    try {
      const driver = await this.#connect(this.#target(record));
      const serverVersion = await driver.serverVersion();
      if (!current()) {
        await driver.close();
        throw new ConnectError(`The connection "${record.name}" was closed while it was opening.`);
      }
      this.#live.set(id, { status: 'connected', driver, serverVersion });
      this.#log.info({ connection: record.name, serverVersion }, 'connected');
      return driver;
    } catch (error) {
      const message = (error as Error).message;
      if (current()) this.#live.set(id, { status: 'error', error: message });
      this.#log.warn({ connection: record.name, error: message }, 'connection failed');
      throw error;
    }
  }

  async #close(id: string): Promise<void> {
    const live = this.#live.get(id);
    this.#live.delete(id);
    if (live) for (const listener of this.#closeListeners) listener(id);
    const driver = live?.status === 'connected' ? live.driver : live?.status === 'connecting' ? await live.ready.catch(() => undefined) : undefined;
    await driver?.close().catch((error: Error) => this.#log.warn({ error: error.message }, 'closing a connection failed'));
  }

  #target(record: StoredConnection): ConnectTarget {
    const password = this.#store.password(record.id);
    if (password) this.#secrets.add(password);
    return { ...record.settings, ...(password ? { password } : {}) };
  }

  #view(record: StoredConnection): SavedConnection {
    const live = this.#live.get(record.id);
    return {
      id: record.id,
      name: record.name,
      settings: record.settings,
      hasPassword: record.password !== undefined,
      ...(record.color ? { color: record.color } : {}),
      autoConnect: record.autoConnect,
      status: live?.status === 'connected' && live.down ? 'error' : (live?.status ?? 'disconnected'),
      ...(live?.status === 'connected' ? { serverVersion: live.serverVersion } : {}),
      ...(live?.status === 'error' ? { error: live.error } : {}),
      ...(live?.status === 'connected' && live.down ? { error: live.down } : {}),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }
}

/** Undefined when the database answered in time, else why not. */
async function ping(driver: Driver): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS / 1000} s`)), PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([driver.ping(), timeout]);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    clearTimeout(timer);
  }
}
