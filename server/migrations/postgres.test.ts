// The migrations suite (migration-suite.ts) on a throwaway PostgreSQL, one database per test.
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../testing/postgres.ts';
import { migrationSuite } from './migration-suite.ts';

let server: TestPostgres;
let count = 0;
migrationSuite({
  name: 'PostgreSQL',
  async setup() {
    server = await startPostgres();
  },
  async teardown() {
    await server?.stop();
  },
  async freshTarget() {
    const database = `mig_${++count}`;
    const client = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: 'postgres' });
    await client.connect();
    await client.query(`CREATE DATABASE ${database}`);
    await client.end();
    return server.target(database);
  },
  slowSql: 'SELECT pg_sleep(1)',
  dirtyOnFailure: false,
  textType: 'text',
  outsideTransactionSql: 'CREATE INDEX CONCURRENTLY items_n ON items (n)',
});
