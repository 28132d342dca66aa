// MySQL and MariaDB through mysql2 (streaming, prepared for caching_sha2_password, TLS). A
// small pool serves metadata and KILL QUERY; each query session owns a dedicated
// connection (mysql/session.ts).
import type mysql from 'mysql2';
import type { CompletionSchema, ObjectDetails, ObjectPage, ObjectSummary, SchemaSummary } from '../protocol/index.ts';
import type { ConnectTarget, Driver, DriverFactory, ListObjectsOptions, QuerySession } from './driver.ts';
import { ConnectError } from './errors.ts';
import { connectionOptions, type MysqlTarget, type SslOption } from './mysql/config.ts';
import { connectClient, mysql2, negotiate } from './mysql/connect.ts';
import { toConnectError } from './mysql/connect-errors.ts';
import { mysqlDialect } from './mysql/dialect.ts';
import { MysqlMetadata, type Query } from './mysql/metadata.ts';
import { MysqlSession, type SessionServices } from './mysql/session.ts';
import { statementError } from './mysql/statement-errors.ts';
import { OpenSessions } from './session-base.ts';

const POOL_SIZE = 3;

class MysqlDriver implements Driver {
  readonly dialect = mysqlDialect;
  readonly #target: MysqlTarget;
  readonly #ssl: SslOption;
  readonly #version: string;
  readonly #pool: mysql.Pool;
  readonly #metadata: MysqlMetadata;
  readonly #query: Query;
  readonly #sessions = new OpenSessions();

  constructor(driverModule: typeof mysql, target: MysqlTarget, ssl: SslOption, version: string) {
    this.#target = target;
    this.#ssl = ssl;
    this.#version = version;
    this.#pool = driverModule.createPool({ ...connectionOptions(target, ssl), connectionLimit: POOL_SIZE, maxIdle: 1, idleTimeout: 60_000 });
    // A pooled connection that drops is discarded by the pool; keep its 'error' from being uncaught.
    this.#pool.on('connection', (connection) => connection.on('error', () => {}));
    const query: Query = (sql, params) =>
      new Promise((resolve, reject) => {
        this.#pool.query({ sql, values: params, rowsAsArray: false }, (error, rows) => {
          if (!error) return resolve(rows as never);
          reject(typeof (error as { errno?: unknown }).errno === 'number' && !error.fatal ? statementError(error, sql) : toConnectError(error, target));
        });
      });
    this.#query = query;
    this.#metadata = new MysqlMetadata(query, target.database);
  }

  async serverVersion(): Promise<string> {
    return this.#version;
  }

  listSchemas(): Promise<SchemaSummary[]> {
    return this.#metadata.listSchemas();
  }

  listObjects(schema: string, options: ListObjectsOptions = {}): Promise<ObjectPage> {
    return this.#metadata.listObjects(schema, options);
  }

  searchObjects(query: string, limit: number): Promise<ObjectSummary[]> {
    return this.#metadata.searchObjects(query, limit);
  }

  describe(schema: string, name: string): Promise<ObjectDetails> {
    return this.#metadata.describe(schema, name);
  }

  completionSchema(maxTables: number): Promise<CompletionSchema> {
    return this.#metadata.completionSchema(maxTables);
  }

  openSession(): Promise<QuerySession> {
    const services: SessionServices = {
      connect: () => connectClient(this.#target, this.#ssl),
      killQuery: (threadId) =>
        new Promise((resolve, reject) => {
          // KILL takes no placeholders; the id is our own integer.
          this.#pool.query(`KILL QUERY ${Math.trunc(threadId)}`, (error) => (error ? reject(error) : resolve()));
        }),
    };
    return this.#sessions.open((onClose) => MysqlSession.open(services, onClose));
  }

  async ping(): Promise<void> {
    await this.#query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.#sessions.closeAll();
    await new Promise<void>((resolve) => this.#pool.end(() => resolve()));
  }
}

/** "10.11.6-MariaDB-0+deb12u1" → "MariaDB 10.11.6"; "8.0.36" → "MySQL 8.0.36". */
export function versionLabel(version: string): string {
  const number = /^\d+\.\d+\.\d+/.exec(version)?.[0] ?? version;
  return /mariadb/i.test(version) ? `MariaDB ${number}` : `MySQL ${number}`;
}

export const mysqlFactory: DriverFactory = {
  dialect: mysqlDialect,
  async connect(target: ConnectTarget): Promise<Driver> {
    if (target.engine !== 'mysql') throw new ConnectError(`Not a MySQL / MariaDB connection (engine "${target.engine}").`);
    const { connection, ssl } = await negotiate(target);
    try {
      const version = await new Promise<string>((resolve, reject) => {
        connection.query({ sql: 'SELECT VERSION()', rowsAsArray: true }, (error, rows) => (error ? reject(error) : resolve(String((rows as string[][])[0]![0]))));
      });
      return new MysqlDriver(await mysql2(), target, ssl, versionLabel(version));
    } catch (error) {
      throw toConnectError(error, target);
    } finally {
      connection.destroy();
    }
  },
};
