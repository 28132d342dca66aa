// For node:test files against PostgreSQL: one throwaway server and one connected client per
// file (apart from postgres.ts, which benches and Playwright specs import without node:test).
import { after, before } from 'node:test';
import pg from 'pg';
import { startPostgres, type TestPostgres } from './postgres.ts';

/**
 * For a test file: one server and one connected client (which first runs `setupSql`), started
 * before its tests and ended after them. Call `client()` inside tests: it exists only from then on.
 */
export function postgresWithClient(setupSql?: string): { client(): pg.Client } {
  let server: TestPostgres | undefined;
  let client: pg.Client | undefined;
  before(async () => {
    server = await startPostgres();
    client = new pg.Client({ connectionString: server.url });
    await client.connect();
    if (setupSql) await client.query(setupSql);
  });
  after(async () => {
    await client?.end();
    await server?.stop();
  });
  return { client: () => client! };
}
