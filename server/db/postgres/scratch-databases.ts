// Scratch databases of full verifies: each is named dbt_verify_<random> and carries a
// comment saying which process made it (host, pid, process start), so one left behind by
// a process that died (kill -9 mid-verify) is dropped by the next verify — and never one
// that a live process, here or on another machine, is still using.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { processIdentity } from '../../jobs/process-group.ts';
import { quoteIdent } from './table-stats.ts';

const PREFIX = 'dbt_verify_';

interface Owner {
  host: string;
  pid: number;
  identity: string | null;
}

export async function createScratchDatabase(client: pg.Client): Promise<string> {
  const name = `${PREFIX}${randomBytes(6).toString('hex')}`;
  const owner: Owner = { host: hostname(), pid: process.pid, identity: processIdentity(process.pid) };
  await client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  await client.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${literal(JSON.stringify({ dbToolkitVerify: owner }))}`);
  return name;
}

export async function dropScratchDatabase(client: pg.Client, name: string, major: number): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${major >= 13 ? ' WITH (FORCE)' : ''}`);
}

/** Drops scratch databases whose making process on this machine is gone. Returns their names. */
export async function dropAbandonedScratchDatabases(client: pg.Client, major: number): Promise<string[]> {
  const { rows } = await client.query<{ name: string; comment: string | null }>(
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname LIKE '${PREFIX}%'`,
  );
  const dropped: string[] = [];
  for (const { name, comment } of rows) {
    const owner = parseOwner(comment);
    if (!owner || owner.host !== hostname()) continue;
    // Alive (or, without a process identity on this platform, not known to be dead): kept.
    if (owner.identity === null || processIdentity(owner.pid) === owner.identity) continue;
    await dropScratchDatabase(client, name, major).then(() => dropped.push(name), () => {});
  }
  return dropped;
}

function parseOwner(comment: string | null): Owner | null {
  try {
    const owner = (JSON.parse(comment ?? '') as { dbToolkitVerify?: Owner }).dbToolkitVerify;
    return owner && typeof owner.host === 'string' && typeof owner.pid === 'number' ? owner : null;
  } catch {
    return null;
  }
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
