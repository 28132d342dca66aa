// The migrations suite (migration-suite.ts) on a throwaway MariaDB, one database per test.
import mysql from 'mysql2/promise';
import { startMariadb, type TestMariadb } from '../testing/mariadb.ts';
import { migrationSuite } from './migration-suite.ts';

let server: TestMariadb;
let count = 0;
migrationSuite({
  name: 'MariaDB',
  async setup() {
    server = await startMariadb();
  },
  async teardown() {
    await server?.stop();
  },
  async freshTarget() {
    const database = `mig_${++count}`;
    const client = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password });
    await client.query(`CREATE DATABASE ${database}`);
    await client.end();
    return { engine: 'mysql', host: server.host, port: server.port, user: server.user, password: server.password, database, ssl: { mode: 'disable' }, connectTimeoutSeconds: 10 };
  },
  slowSql: 'SELECT SLEEP(1)',
  dirtyOnFailure: true,
  textType: 'VARCHAR(100)',
});
