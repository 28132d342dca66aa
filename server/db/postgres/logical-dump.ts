// The built-in logical dump: what a PostgreSQL backup is written as when no pg_dump new
// enough for the server is installed. A gzip-compressed SQL script — DDL rebuilt from the
// catalog (logical-schema.ts), each table's rows as a COPY block read in the backup's
// snapshot, sequence values, then keys, indexes, views and triggers — that psql could
// also replay. Each entry starts with a marker line carrying a random per-file token, so
// the reader never mistakes a line of a function body for one; an end marker makes a
// truncated file detectable. Our restore replays it in one transaction.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { BackupKind } from '../../protocol/index.ts';
import { AppError } from '../../errors.ts';
import type { LogicalSchema } from './logical-schema.ts';
import { quoteIdent, type TableEstimate } from './table-stats.ts';

export const LOGICAL_FORMAT = 'DB Toolkit logical dump (gzip-compressed SQL with COPY data)';
const HEADER = '-- DB Toolkit logical dump 1';

export class DumpFormatError extends AppError {
  constructor(message: string) {
    super('archive_unreadable', message, 422);
  }
}

type Entry =
  | { kind: 'sql'; sql: string }
  | { kind: 'drop'; sql: string }
  | { kind: 'copy'; table: string; command: string; rows: AsyncIterable<string> };

export interface DumpSource {
  /** A connection inside the backup's snapshot (REPEATABLE READ, SET TRANSACTION SNAPSHOT). */
  client: pg.Client;
  tables: TableEstimate[];
  schema: LogicalSchema;
  kind: BackupKind;
  /** Called as rows are copied, with the running total. */
  onRows(rows: number): void;
  signal: AbortSignal;
}

export async function writeLogicalDump(source: DumpSource, file: string): Promise<void> {
  const token = randomBytes(6).toString('hex');
  await pipeline(Readable.from(dumpText(source, token)), createGzip({ level: 3 }), createWriteStream(file), { signal: source.signal });
}

async function* dumpText(source: DumpSource, token: string): AsyncGenerator<string | Buffer> {
  const { client, tables, schema, kind } = source;
  const marker = (what: string) => `--@${token} ${what}\n`;
  yield `${HEADER} ${token}\n-- Written by DB Toolkit because no suitable pg_dump was installed; restore it with DB Toolkit (or psql).\n`;
  const statements = function* (list: LogicalSchema['before']) {
    for (const s of list) {
      if (s.drop) yield `${marker('drop')}${s.drop};\n`;
      yield `${marker('sql')}${s.sql};\n`;
    }
  };
  if (kind !== 'data-only') yield* statements(schema.before);
  if (kind !== 'schema-only') {
    let rows = 0;
    for (const table of tables) {
      const name = `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
      const columns = schema.copyColumns.get(table.oid)!.map(quoteIdent).join(', ');
      yield `${marker(`copy ${name}`)}COPY ${name} (${columns}) FROM stdin;\n`;
      for await (const chunk of client.query(copyTo(`COPY ${name} (${columns}) TO STDOUT`)) as AsyncIterable<Buffer>) {
        for (const byte of chunk) if (byte === 10) rows++;
        source.onRows(rows);
        yield chunk;
      }
      yield '\\.\n';
    }
    for (const setval of schema.sequenceValues) yield `${marker('sql')}${setval};\n`;
  }
  if (kind !== 'data-only') yield* statements(schema.after);
  yield marker('end');
}

/** The entries of a dump file, in order; throws DumpFormatError on a file that is not one, or is cut short. */
export async function* readLogicalDump(file: string, signal?: AbortSignal): AsyncGenerator<Entry> {
  const lines = createInterface({ input: createReadStream(file, { signal }).pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    return done ? null : value;
  };
  const header = await next();
  const token = header?.startsWith(`${HEADER} `) ? header.slice(HEADER.length + 1) : null;
  if (!token) throw new DumpFormatError('This file is not a DB Toolkit logical dump (its first line is not the header).');
  const prefix = `--@${token} `;
  let line = await next();
  while (line !== null && !line.startsWith(prefix)) line = await next();
  while (line !== null) {
    const what = line.slice(prefix.length);
    if (what === 'end') return;
    if (what === 'sql' || what === 'drop') {
      const text: string[] = [];
      while ((line = await next()) !== null && !line.startsWith(prefix)) text.push(line);
      yield { kind: what, sql: text.join('\n').replace(/;\s*$/, '') } as Entry;
      continue;
    }
    if (what.startsWith('copy ')) {
      const command = await next();
      if (command === null) break;
      let ended = false;
      const rows = (async function* () {
        let row: string | null;
        while ((row = await next()) !== null) {
          if (row === '\\.') {
            ended = true;
            return;
          }
          yield row;
        }
      })();
      yield { kind: 'copy', table: what.slice(5), command, rows };
      for await (const _ of rows); // a consumer that stopped early: skip to the block's end
      if (!ended) break;
      line = await next();
      continue;
    }
    throw new DumpFormatError(`Unknown entry "${what.slice(0, 40)}" in the dump.`);
  }
  throw new DumpFormatError('The dump is cut short: its end marker is missing, so it was not written completely.');
}

/**
 * Replays a dump into the client's database in ONE transaction: an error or a cancel
 * leaves the database as it was. `clean` runs each object's DROP … IF EXISTS first.
 */
export async function restoreLogicalDump(client: pg.Client, file: string, options: { clean: boolean; signal: AbortSignal; onRows(rows: number): void }): Promise<void> {
  await client.query("BEGIN; SET LOCAL check_function_bodies = false; SET LOCAL client_min_messages = warning");
  let entry = 0;
  let rows = 0;
  try {
    for await (const item of readLogicalDump(file, options.signal)) {
      entry++;
      if (item.kind === 'drop') {
        if (options.clean) await client.query(item.sql);
      } else if (item.kind === 'sql') {
        await client.query(item.sql);
      } else {
        const sink = client.query(copyFrom(item.command));
        await pipeline(Readable.from(countRows(item.rows, (n) => options.onRows((rows += n)))), sink, { signal: options.signal });
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (error instanceof DumpFormatError || options.signal.aborted) throw error;
    throw new AppError('restore_failed', `The restore stopped at entry ${entry} of the dump and was rolled back: ${(error as Error).message}`, 422, { cause: error });
  }
}

/** COPY text lines back to bytes, batched (one write per line would be slow), counting rows. */
async function* countRows(lines: AsyncIterable<string>, counted: (n: number) => void): AsyncGenerator<string> {
  let batch: string[] = [];
  for await (const line of lines) {
    batch.push(line);
    if (batch.length === 1000) {
      counted(batch.length);
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length) {
    counted(batch.length);
    yield `${batch.join('\n')}\n`;
  }
}

/** Reads the whole dump back (the quick verify): complete, well-formed, how much it holds. */
export async function checkLogicalDump(file: string, signal: AbortSignal): Promise<string> {
  let statements = 0;
  let tables = 0;
  let rows = 0;
  for await (const entry of readLogicalDump(file, signal)) {
    if (entry.kind === 'sql') statements++;
    if (entry.kind === 'copy') {
      tables++;
      for await (const _ of entry.rows) rows++;
    }
  }
  return `the logical dump reads back complete: ${statements} statements, ${rows} rows of ${tables} tables`;
}
