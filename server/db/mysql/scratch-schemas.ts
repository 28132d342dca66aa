// Scratch databases (MySQL's schemas) of full verifies: each is named dbt_verify_<random>
// and holds a table saying which process made it (host, pid, process start) — MySQL has no
// database comments — so one left behind by a process that died (kill -9 mid-verify) is
// dropped by the next verify, and never one that a live process is still using.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Connection } from 'mysql2/promise';
import { processIdentity } from '../../jobs/process-group.ts';
import { quoteIdent } from './table-stats.ts';

const PREFIX = 'dbt_verify_';
/** Not a table of any backup: restored tables keep their own names. */
const OWNER_TABLE = '_dbt_verify_owner';

interface Owner {
  host: string;
  pid: number;
  identity: string | null;
}

export async function createScratchSchema(connection: Connection): Promise<string> {
  const name = `${PREFIX}${randomBytes(6).toString('hex')}`;
  const owner: Owner = { host: hostname(), pid: process.pid, identity: processIdentity(process.pid) };
  await connection.query(`CREATE DATABASE ${quoteIdent(name)} CHARACTER SET utf8mb4`);
  await connection.query(`CREATE TABLE ${quoteIdent(name)}.${quoteIdent(OWNER_TABLE)} (owner TEXT NOT NULL)`);
  await connection.query(`INSERT INTO ${quoteIdent(name)}.${quoteIdent(OWNER_TABLE)} VALUES (?)`, [JSON.stringify(owner)]);
  return name;
}

export async function dropScratchSchema(connection: Connection, name: string): Promise<void> {
  await connection.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
}

/** Drops scratch schemas whose making process on this machine is gone. Returns their names. */
export async function dropAbandonedScratchSchemas(connection: Connection): Promise<string[]> {
  const [rows] = await connection.query(`SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '${PREFIX}%'`);
  const dropped: string[] = [];
  for (const [name] of rows as [string][]) {
    const owner = await readOwner(connection, name);
    if (!owner || owner.host !== hostname()) continue;
    // Alive (or, without a process identity on this platform, not known to be dead): kept.
    if (owner.identity === null || processIdentity(owner.pid) === owner.identity) continue;
    await dropScratchSchema(connection, name).then(() => dropped.push(name), () => {});
  }
  return dropped;
}

async function readOwner(connection: Connection, schema: string): Promise<Owner | null> {
  try {
    const [rows] = await connection.query(`SELECT owner FROM ${quoteIdent(schema)}.${quoteIdent(OWNER_TABLE)} LIMIT 1`);
    const owner = JSON.parse(String((rows as [string][])[0]?.[0] ?? '')) as Owner;
    return typeof owner.host === 'string' && typeof owner.pid === 'number' ? owner : null;
  } catch {
    return null; // not ours, or being made right now
  }
}
