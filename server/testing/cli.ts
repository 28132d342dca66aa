// Test helpers: the engines' own CLIs, to compare our cells with what they print. Output is
// read in unaligned/list mode with ASCII unit and record separators, so values may hold
// commas, pipes and newlines.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const FIELD = '\x1f';
const RECORD = '\x1e';
/** How the CLIs are told to print NULL, so it differs from an empty string. */
export const CLI_NULL = '\x01NULL';

function run(command: string, args: string[], env: Record<string, string>, missing: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(missing);
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} failed (exit ${result.status}): ${result.stderr}`);
  return result.stdout;
}

function parse(output: string): (string | null)[][] {
  const records = output.split(RECORD);
  if (records.at(-1) === '' || records.at(-1) === '\n') records.pop();
  return records.map((record) => record.split(FIELD).map((cell) => (cell === CLI_NULL ? null : cell)));
}

/** Rows as `sqlite3 -list` prints them. */
export function sqlite3Rows(file: string, sql: string): (string | null)[][] {
  const output = run('sqlite3', ['-batch', '-list', '-separator', FIELD, '-newline', RECORD, '-nullvalue', CLI_NULL, file, sql], {},
    'The sqlite3 CLI is not on PATH; the comparison needs it (Debian/Ubuntu: apt-get install sqlite3).');
  return parse(output);
}

export interface PsqlTarget {
  binDir: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Rows as `psql -A -t -c` prints them. */
export function psqlRows(target: PsqlTarget, sql: string): (string | null)[][] {
  const psql = join(target.binDir, 'psql');
  if (!existsSync(psql)) throw new Error(`psql not found in ${target.binDir}; the comparison needs the PostgreSQL client.`);
  const output = run(psql, ['-X', '-A', '-t', '-F', FIELD, '-R', RECORD, '-P', `null=${CLI_NULL}`, '-v', 'ON_ERROR_STOP=1',
    '-h', target.host, '-p', String(target.port), '-U', target.user, '-d', target.database, '-c', sql],
    { PGPASSWORD: target.password, PGCLIENTENCODING: 'UTF8' }, `psql not runnable from ${target.binDir}.`);
  return parse(output.replace(/\n$/, ''));
}
