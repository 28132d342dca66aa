// PostgreSQL through node-postgres. A small pool serves metadata, type lookups and
// cancel requests; each query session owns a dedicated connection (postgres/session.ts).
import pg from 'pg';
import type { CompletionSchema, ObjectDetails, ObjectPage, ObjectSummary, SchemaSummary } from '../protocol/index.ts';
import type { ConnectTarget, Driver, DriverFactory, ListObjectsOptions, QuerySession } from './driver.ts';
import { ConnectError } from './errors.ts';
import { clientConfig, type PostgresTarget, type SslOption } from './postgres/config.ts';
import { connectClient, negotiate } from './postgres/connect.ts';
import { toConnectError } from './postgres/connect-errors.ts';
import { postgresDialect } from './postgres/dialect.ts';
import { PostgresMetadata, type Query } from './postgres/metadata.ts';
import { PostgresSession, type SessionServices } from './postgres/session.ts';
import { statementError } from './postgres/statement-errors.ts';
import { TypeCatalog } from './postgres/types.ts';
import { OpenSessions } from './session-base.ts';

const POOL_SIZE = 3;

class PostgresDriver implements Driver {
  readonly dialect = postgresDialect;
  readonly #target: PostgresTarget;
  readonly #ssl: SslOption;
  readonly #version: string;
  readonly #pool: pg.Pool;
  readonly #metadata: PostgresMetadata;
  readonly #types: TypeCatalog;
  readonly #sessions = new OpenSessions();
  readonly #query: Query;

  constructor(target: PostgresTarget, ssl: SslOption, version: string) {
    this.#target = target;
    this.#ssl = ssl;
    this.#version = version;
    this.#pool = new pg.Pool({ ...clientConfig(target, ssl), max: POOL_SIZE, idleTimeoutMillis: 60_000 });
    // An idle pooled connection that drops is discarded by the pool; without a listener
    // its 'error' event would be uncaught.
    this.#pool.on('error', () => {});
    const query: Query = async (sql, params) => {
      try {
        return (await this.#pool.query(sql, params)).rows;
      } catch (error) {
        throw error instanceof pg.DatabaseError ? statementError(error, sql) : toConnectError(error, target);
      }
    };
    this.#query = query;
    this.#metadata = new PostgresMetadata(query);
    this.#types = new TypeCatalog(query);
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
      connect: (plainSocket) => connectClient(this.#target, this.#ssl, undefined, plainSocket),
      cancelBackend: async (pid) => {
        await this.#pool.query('SELECT pg_cancel_backend($1)', [pid]);
      },
      columns: (fields) => this.#types.columns(fields),
    };
    return this.#sessions.open((onClose) => PostgresSession.open(services, onClose));
  }

  async ping(): Promise<void> {
    await this.#query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.#sessions.closeAll();
    await this.#pool.end();
  }
}

export const postgresFactory: DriverFactory = {
  dialect: postgresDialect,
  async connect(target: ConnectTarget): Promise<Driver> {
    if (target.engine !== 'postgres') throw new ConnectError(`Not a PostgreSQL connection (engine "${target.engine}").`);
    const { client, ssl } = await negotiate(target);
    try {
      const { rows } = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
      // "15.18 (Debian 15.18-1.pgdg120+1)" → "15.18"
      return new PostgresDriver(target, ssl, `PostgreSQL ${rows[0]!.version.split(' ')[0]}`);
    } catch (error) {
      throw toConnectError(error, target);
    } finally {
      await client.end().catch(() => {});
    }
  },
};
