// The built-in logical dump: what a PostgreSQL backup is written as when no pg_dump new
// enough for the server is installed. A gzip-compressed SQL script — DDL rebuilt from the
// catalog (logical-schema.ts), each table's rows as a COPY block read in the backup's
// snapshot, sequence values, then keys, indexes, views and triggers — that psql could
// also replay, in the built-in dumps' shared file format (backups/logical-dump-file.ts).
// Our restore replays it in one transaction.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { BackupKind } from '../../protocol/index.ts';
import { AppError } from '../../errors.ts';
import { DumpFormatError, readDumpFile, writeDumpFile, type Marker } from '../../backups/logical-dump-file.ts';
import type { LogicalSchema } from './logical-schema.ts';
import { quoteIdent, type TableEstimate } from './table-stats.ts';

export const LOGICAL_FORMAT = 'DB Toolkit logical dump (gzip-compressed SQL with COPY data)';

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
  const intro = 'Written by DB Toolkit because no suitable pg_dump was installed; restore it with DB Toolkit (or psql).';
  await writeDumpFile(file, intro, (marker) => dumpText(source, marker), source.signal);
}

async function* dumpText(source: DumpSource, marker: Marker): AsyncGenerator<string | Buffer> {
  const { client, tables, schema, kind } = source;
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
    for await (const item of readDumpFile(file, options.signal)) {
      entry++;
      if (item.kind === 'drop') {
        if (options.clean) await client.query(item.sql);
      } else if (item.kind === 'sql' || item.kind === 'data') {
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
