// SQLite through better-sqlite3. Its API is synchronous, so nothing runs on the server's
// event loop: metadata goes to one worker thread per driver, started on first use and
// ended when idle (sqlite/metadata-host.ts), and each query session has its own worker
// process (sqlite/session.ts explains why a process). Connecting only checks the file.
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { CompletionSchema, ObjectDetails, ObjectPage, ObjectSummary, SchemaSummary } from '../protocol/index.ts';
import type { ConnectTarget, Driver, DriverFactory, ListObjectsOptions, QuerySession } from './driver.ts';
import { ConnectError } from './errors.ts';
import { OpenSessions } from './session-base.ts';
import { sqliteDialect } from './sqlite/dialect.ts';
import { checkDatabaseFile, OpenFailure } from './sqlite/file-check.ts';
import { sqliteLibraryVersion } from './sqlite/library-version.ts';
import { MetadataHost } from './sqlite/metadata-host.ts';
import { SqliteSession } from './sqlite/session.ts';
import type { OpenOptions } from './sqlite/worker-protocol.ts';

class SqliteDriver implements Driver {
  readonly dialect = sqliteDialect;
  readonly #options: OpenOptions;
  readonly #metadata: MetadataHost;
  readonly #sessions = new OpenSessions();

  constructor(options: OpenOptions) {
    this.#options = options;
    this.#metadata = new MetadataHost(options);
  }

  async serverVersion(): Promise<string> {
    return sqliteLibraryVersion();
  }

  listSchemas(): Promise<SchemaSummary[]> {
    return this.#metadata.call('listSchemas');
  }

  listObjects(schema: string, options: ListObjectsOptions = {}): Promise<ObjectPage> {
    return this.#metadata.call('listObjects', schema, options);
  }

  searchObjects(query: string, limit: number): Promise<ObjectSummary[]> {
    return this.#metadata.call('searchObjects', query, limit);
  }

  describe(schema: string, name: string): Promise<ObjectDetails> {
    return this.#metadata.call('describe', schema, name);
  }

  completionSchema(maxTables: number): Promise<CompletionSchema> {
    return this.#metadata.call('completionSchema', maxTables);
  }

  catalog(sql: string): Promise<Record<string, string | null>[]> {
    return this.#metadata.call('catalog', sql);
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
    await this.#metadata.close();
  }
}

export const sqliteFactory: DriverFactory = {
  dialect: sqliteDialect,
  async connect(target: ConnectTarget): Promise<Driver> {
    if (target.engine !== 'sqlite') throw new ConnectError(`Not an SQLite connection (engine "${target.engine}").`);
    if (!isAbsolute(target.file)) throw new ConnectError(`The database file must be given as an absolute path, not "${target.file}".`);
    try {
      checkDatabaseFile(target.file);
    } catch (error) {
      if (error instanceof OpenFailure) throw new ConnectError(error.message);
      throw error;
    }
    return new SqliteDriver({ file: target.file, readOnly: target.readOnly });
  },
};

