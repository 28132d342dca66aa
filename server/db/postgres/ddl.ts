// PostgreSQL's DDL: `pg_dump --schema-only -t` for the one table or view (with its indexes,
// constraints, triggers, comments and grants), by the pg_dump dump-tools.ts picks for the
// server's version; credentials in its environment, never its argv. The session SET lines
// and empty comment lines it starts with are left out.
import { execFile } from 'node:child_process';
import { AppError } from '../../errors.ts';
import type { EngineDdl } from '../../ddl/engine.ts';
import { childEnvironment } from '../../lifecycle/child-environment.ts';
import { findDumpTool } from './dump-tools.ts';
import { libpqEnvironment } from './libpq-env.ts';

const TIMEOUT_MS = 30_000;

export const postgresDdl: EngineDdl<'postgres'> = {
  async ddl(target, driver, { schema, name }) {
    const major = Number(/(\d+)/.exec(await driver.serverVersion())?.[1]); // "PostgreSQL 15.18"
    const tool = findDumpTool('pg_dump', major);
    const libpq = libpqEnvironment(target, 'db-toolkit ddl');
    // Double quotes make the pattern literal: no case folding, no wildcards.
    const pattern = `"${schema.replaceAll('"', '""')}"."${name.replaceAll('"', '""')}"`;
    try {
      const output = await new Promise<string>((resolve, reject) => {
        execFile(tool.path, ['--schema-only', '--no-password', '-t', pattern], { env: childEnvironment(process.env, libpq.env) as NodeJS.ProcessEnv, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 << 20 },
          (error, stdout, stderr) => (error ? reject(new AppError('ddl_failed', `pg_dump failed: ${stderr.trim() || error.message}`, 502)) : resolve(stdout)));
      });
      return { ddl: tidy(output), source: tool.version };
    } finally {
      libpq.cleanup();
    }
  },
};

function tidy(dump: string): string {
  return dump
    .split('\n')
    .filter((line) => !/^(SET |SELECT pg_catalog\.set_config|\\(un)?restrict )/.test(line) && line !== '--')
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim() + '\n';
}
