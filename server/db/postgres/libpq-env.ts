// The environment that points a libpq tool (psql, pg_dump, pg_restore) at a saved
// connection: credentials in PG* variables, never on its command line, where any local
// user could read them (`ps`, /proc/<pid>/cmdline). A CA certificate goes to a private
// 0600 file, removed by `cleanup`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../fs/atomic-write.ts';
import type { PostgresTarget } from './config.ts';

export interface LibpqEnvironment {
  /** Only the PG* variables: merge them into the child's base environment. */
  env: Record<string, string>;
  cleanup(): void;
}

export function libpqEnvironment(target: PostgresTarget, applicationName = 'db-toolkit'): LibpqEnvironment {
  const env: Record<string, string> = {
    PGHOST: target.host,
    PGPORT: String(target.port),
    PGUSER: target.user,
    PGDATABASE: target.database,
    PGSSLMODE: target.ssl.mode,
    PGCONNECT_TIMEOUT: String(target.connectTimeoutSeconds),
    PGAPPNAME: applicationName,
  };
  if (target.password !== undefined) env.PGPASSWORD = target.password;
  let cleanup = () => {};
  if (target.ssl.ca) {
    // libpq reads the CA from a file only. A private directory, removed afterwards.
    const dir = mkdtempSync(join(tmpdir(), 'dbt-pgca-'));
    const caFile = join(dir, 'root.crt');
    writeFileAtomicSync(caFile, target.ssl.ca, { mode: 0o600 });
    env.PGSSLROOTCERT = caFile;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  return { env, cleanup };
}
