// The built-in logical dump of MySQL / MariaDB: what a backup is written as when neither
// mariadb-dump nor mysqldump is installed. In the built-in dumps' shared file format
// (backups/logical-dump-file.ts): the DDL the server prints (logical-schema.ts), each
// table's rows as multi-row INSERTs streamed from the backup's snapshot (values as the
// server sends them — the text mariadb-dump writes —, binary ones in hex), then routines,
// views, triggers and events. Our restore replays it statement by statement.
import type { Connection as CoreConnection, TypeCast } from 'mysql2';
import type { Connection } from 'mysql2/promise';
import type { BackupKind } from '../../protocol/index.ts';
import { AppError } from '../../errors.ts';
import { DumpFormatError, readDumpFile, writeDumpFile, type Marker } from '../../backups/logical-dump-file.ts';
import type { LogicalSchema, SchemaStatement, ValueKind } from './logical-schema.ts';
import { quoteIdent, type TableEstimate } from './table-stats.ts';

export const LOGICAL_FORMAT = 'DB Toolkit logical dump (gzip-compressed SQL with multi-row INSERTs)';

/** The sql_mode rows load under (and routines' own modes are put back to): 0 stays 0 in an AUTO_INCREMENT column. */
const DATA_SQL_MODE = "SET sql_mode = 'NO_AUTO_VALUE_ON_ZERO'";
/** The time zone rows load in (TIMESTAMPs are dumped as UTC text), put back after an event's own. */
const DATA_TIME_ZONE = "SET time_zone = '+00:00'";
/** Session settings a restore runs under (as mariadb-dump's header sets them): values load as they were. */
const RESTORE_SESSION = ['SET NAMES utf8mb4', DATA_TIME_ZONE, 'SET foreign_key_checks = 0', 'SET unique_checks = 0', DATA_SQL_MODE];
/** A sql_mode or time zone name as a string literal (read the same with or without NO_BACKSLASH_ESCAPES). */
const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
/** An INSERT is ended once this long, well under any server's max_allowed_packet (16 MB by default). */
const STATEMENT_BYTES = 1024 * 1024;
/** Rows are handed to gzip in pieces of about this many characters. */
const PIECE_CHARS = 64 * 1024;

export interface DumpSource {
  /** Inside the backup's snapshot, with time_zone '+00:00' (TIMESTAMPs come as UTC text). */
  connection: CoreConnection;
  tables: TableEstimate[];
  schema: LogicalSchema;
  kind: BackupKind;
  /** Called as text is written, with the running total of uncompressed bytes. */
  onBytes(bytes: number): void;
  signal: AbortSignal;
}

export async function writeLogicalDump(source: DumpSource, file: string): Promise<void> {
  const intro = 'Written by DB Toolkit because neither mariadb-dump nor mysqldump was installed; restore it with DB Toolkit.';
  let bytes = 0;
  async function* counted(marker: Marker): AsyncGenerator<string> {
    for await (const text of dumpText(source, marker)) {
      bytes += Buffer.byteLength(text);
      source.onBytes(bytes);
      yield text;
    }
  }
  await writeDumpFile(file, intro, counted, source.signal);
}

async function* dumpText(source: DumpSource, marker: Marker): AsyncGenerator<string> {
  const { tables, schema, kind } = source;
  const statements = function* (list: SchemaStatement[]) {
    for (const s of list) {
      if (s.drop) yield `${marker('drop')}${s.drop};\n`;
      if (s.sqlMode !== undefined) yield `${marker('sql')}SET sql_mode = ${sqlString(s.sqlMode)};\n`;
      if (s.timeZone !== undefined) yield `${marker('sql')}SET time_zone = ${sqlString(s.timeZone)};\n`;
      yield `${marker('sql')}${s.sql};\n`;
      if (s.sqlMode !== undefined) yield `${marker('sql')}${DATA_SQL_MODE};\n`;
      if (s.timeZone !== undefined) yield `${marker('sql')}${DATA_TIME_ZONE};\n`;
    }
  };
  for (const setting of RESTORE_SESSION) yield `${marker('sql')}${setting};\n`;
  if (kind !== 'data-only') yield* statements(schema.before);
  if (kind !== 'schema-only') {
    for (const table of tables) yield* tableRows(source, table.name, schema.columns.get(table.name) ?? [], marker);
  }
  if (kind !== 'data-only') yield* statements(schema.after);
}

/**
 * A table's rows as INSERTs of about STATEMENT_BYTES each, one row a line, streamed in
 * pieces of about PIECE_CHARS: no statement is held whole, so what lives in memory stays
 * small (and short-lived — a statement built up whole kept the heap growing by 100+ MB).
 */
async function* tableRows(source: DumpSource, table: string, columns: { name: string; kind: ValueKind }[], marker: Marker): AsyncGenerator<string> {
  if (!columns.length) return;
  const list = columns.map((c) => quoteIdent(c.name)).join(', ');
  const head = `${marker(`data ${quoteIdent(table)}`)}INSERT INTO ${quoteIdent(table)} (${list}) VALUES\n`;
  // Each value as the bytes the server sent (the connection's own typeCast would turn them into JS values).
  const raw: TypeCast = (field) => field.buffer();
  const query = source.connection.query({ sql: `SELECT ${list} FROM ${quoteIdent(table)}`, rowsAsArray: true, typeCast: raw });
  let statement = 0;
  let piece: string[] = [];
  let pieceChars = 0;
  for await (const row of query.stream({ highWaterMark: 500 }) as AsyncIterable<(Buffer | null)[]>) {
    const values = `(${row.map((value, i) => literal(value, columns[i]!.kind)).join(',')})`;
    piece.push(statement ? ',\n' : head, values);
    statement += values.length;
    pieceChars += values.length;
    if (statement >= STATEMENT_BYTES) {
      piece.push(';\n');
      statement = 0;
    }
    if (pieceChars >= PIECE_CHARS) {
      yield piece.join('');
      piece = [];
      pieceChars = 0;
    }
  }
  if (statement) piece.push(';\n');
  if (piece.length) yield piece.join('');
}

const ESCAPES: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z', "'": "\\'", '\\': '\\\\' };

/** A value as the server sent it (text protocol bytes) → an SQL literal on one line. */
export function literal(value: Buffer | null, kind: ValueKind): string {
  if (value === null) return 'NULL';
  if (kind === 'number') return value.toString('latin1');
  if (kind === 'binary') return value.length ? `0x${value.toString('hex')}` : "''";
  return `'${value.toString('utf8').replace(/[\0\n\r\x1a'\\]/g, (c) => ESCAPES[c]!)}'`;
}

/**
 * Replays a dump into the connection's database, statement by statement (MySQL commits
 * each DDL statement: there is no one transaction to roll back; the caller undoes).
 */
export async function restoreLogicalDump(connection: Connection, file: string, options: { signal: AbortSignal; onRows(rows: number): void }): Promise<void> {
  let entry = 0;
  let rows = 0;
  try {
    for await (const item of readDumpFile(file, options.signal)) {
      entry++;
      if (item.kind === 'copy') throw new DumpFormatError('This dump holds PostgreSQL COPY data: it is not a MySQL / MariaDB dump.');
      await untilAborted(connection.query(item.sql), options.signal);
      if (item.kind === 'data') options.onRows((rows += item.rows));
    }
  } catch (error) {
    if (error instanceof DumpFormatError || options.signal.aborted) throw error;
    throw new AppError('restore_failed', `The restore stopped at entry ${entry} of the dump: ${(error as Error).message}`, 422, { cause: error });
  }
}

/** `work`, or the signal's reason once aborted: a statement cut off by a destroyed connection may never settle. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => {});
  if (signal.aborted) return Promise.reject(signal.reason);
  const { promise, reject } = Promise.withResolvers<T>();
  const abort = () => reject(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  return Promise.race([work, promise]).finally(() => signal.removeEventListener('abort', abort));
}
