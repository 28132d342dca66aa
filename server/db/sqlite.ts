// SQLite through better-sqlite3. Its API is synchronous, so nothing runs on the server's
// event loop: metadata goes to one worker thread per driver, and each query session has
// its own worker process (sqlite/session.ts explains why a process).
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { CompletionSchema, ObjectDetails, ObjectPage, ObjectSummary, SchemaSummary } from '../protocol/index.ts';
import type { ConnectTarget, Driver, DriverFactory, ListObjectsOptions, QuerySession } from './driver.ts';
import { ConnectError } from './errors.ts';
import { OpenSessions } from './session-base.ts';
import { sqliteDialect } from './sqlite/dialect.ts';
import { SqliteSession } from './sqlite/session.ts';
import { WorkerHost } from './sqlite/worker-host.ts';
import type { MetadataApi, MetadataMethod, OpenOptions } from './sqlite/worker-protocol.ts';

class SqliteDriver implements Driver {
  readonly dialect = sqliteDialect;
  readonly #options: OpenOptions;
  #metadata: Promise<WorkerHost>;
  readonly #sessions = new OpenSessions();

  constructor(options: OpenOptions, metadata: WorkerHost) {
    this.#options = options;
    this.#metadata = Promise.resolve(metadata);
  }

  serverVersion(): Promise<string> {
    return this.#call('serverVersion');
  }

  listSchemas(): Promise<SchemaSummary[]> {
    return this.#call('listSchemas');
  }

  listObjects(schema: string, options: ListObjectsOptions = {}): Promise<ObjectPage> {
    return this.#call('listObjects', schema, options);
  }

  searchObjects(query: string, limit: number): Promise<ObjectSummary[]> {
    return this.#call('searchObjects', query, limit);
  }

  describe(schema: string, name: string): Promise<ObjectDetails> {
    return this.#call('describe', schema, name);
  }

  completionSchema(maxTables: number): Promise<CompletionSchema> {
    return this.#call('completionSchema', maxTables);
  }

  catalog(sql: string): Promise<Record<string, string | null>[]> {
    return this.#call('catalog', sql);
  }

  openSession(): Promise<QuerySession> {
    return this.#sessions.open((onClose) => SqliteSession.open(this.#options, onClose));
  }

  /** The file is still there (a deleted or unmounted database shows as down). */
  async ping(): Promise<void> {
    const { file } = this.#options;
    try {
      if (statSync(file).isFile()) return;
    } catch {
      // reported below
    }
    throw new ConnectError(`The database file ${file} is gone or no longer a file.`);
  }

  async close(): Promise<void> {
    await this.#sessions.closeAll();
    await (await this.#metadata.catch(() => null))?.close();
  }

  async #call<M extends MetadataMethod>(method: M, ...args: Parameters<MetadataApi[M]>): Promise<ReturnType<MetadataApi[M]>> {
    let host = await this.#metadata.catch(() => null);
    if (!host || host.exited) {
      // The metadata worker died (or could not restart): start another for this call.
      this.#metadata = WorkerHost.start('thread', this.#options);
      host = await this.#metadata;
    }
    return host.request({ op: 'metadata', method, args });
  }
}

export const sqliteFactory: DriverFactory = {
  dialect: sqliteDialect,
  async connect(target: ConnectTarget): Promise<Driver> {
    if (target.engine !== 'sqlite') throw new ConnectError(`Not an SQLite connection (engine "${target.engine}").`);
    if (!isAbsolute(target.file)) throw new ConnectError(`The database file must be given as an absolute path, not "${target.file}".`);
    const options: OpenOptions = { file: target.file, readOnly: target.readOnly };
    return new SqliteDriver(options, await WorkerHost.start('thread', options));
  },
};

