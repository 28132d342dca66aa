// PostgreSQL's part of imports: rows streamed with COPY … FROM STDIN (text format, every
// value escaped for it — data never becomes SQL) on a connection of the import's own.
// One COPY per batch, so an error's "COPY t, line N" names the batch's row and so its
// line in the file.
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EngineImport, ImportTable, ImportWriter } from '../../imports/engine.ts';
import { ImportError, RecordError } from '../../imports/errors.ts';
import type { ImportColumnType } from '../../protocol/index.ts';
import { negotiate } from './connect.ts';
import { quoteIdent } from './table-stats.ts';
import type { PostgresTarget } from './config.ts';

const SQL_TYPES: Record<ImportColumnType, string> = {
  integer: 'bigint',
  numeric: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  text: 'text',
};

export const postgresImport: EngineImport<'postgres'> = {
  style: { boolean: (value) => (value ? 'true' : 'false'), timestamptz: (value) => value.replace('T', ' ') },
  sqlType: (type) => SQL_TYPES[type],
  classify(sqlType) {
    const type = sqlType.toLowerCase();
    if (/^(smallint|integer|bigint|int[248]?|serial|bigserial|smallserial)\b/.test(type)) return 'integer';
    if (/^(numeric|decimal|real|double precision|float[48]?|money)\b/.test(type)) return 'numeric';
    if (/^bool/.test(type)) return 'boolean';
    if (type === 'date') return 'date';
    if (/^timestamp.*with time zone|^timestamptz/.test(type)) return 'timestamptz';
    if (/^timestamp/.test(type)) return 'timestamp';
    return 'text';
  },
  batchRows: 20_000,
  async open(target, table) {
    const { client } = await negotiate(target as PostgresTarget);
    client.on('error', () => {}); // a connection lost while idle shows in the next statement instead
    return new PostgresWriter(client, table);
  },
};

class PostgresWriter implements ImportWriter {
  readonly #client: pg.Client;
  readonly #copySql: string;

  constructor(client: pg.Client, table: ImportTable) {
    this.#client = client;
    this.#copySql = `COPY ${quoteIdent(table.schema)}.${quoteIdent(table.name)} (${table.columns.map(quoteIdent).join(', ')}) FROM STDIN`;
  }

  async loadCsv(text: AsyncIterable<string>, csv: { delimiter: string; quote: string; header: boolean }): Promise<number> {
    const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
    const options = `FORMAT csv, DELIMITER ${literal(csv.delimiter)}, QUOTE ${literal(csv.quote)}, ESCAPE ${literal(csv.quote)}, HEADER ${csv.header}`;
    const stream = this.#client.query(copyFrom(`${this.#copySql} WITH (${options})`));
    // Watched from the start: the server may refuse a record while the file is still being
    // read (between two writes), and an error event nobody listens to would crash the process.
    const ended = finished(stream);
    ended.catch(() => {});
    try {
      try {
        for await (const chunk of text) {
          if (stream.destroyed) break; // refused: `ended` says why
          if (!stream.write(chunk)) await drained(stream);
        }
      } catch (error) {
        // The file failed (bad encoding, a line too long, cancel): end the COPY with CopyFail
        // and wait for the server's answer, so the connection is free for the rollback.
        stream.destroy(error as Error);
        await ended.catch(() => {});
        throw error;
      }
      stream.end();
      await ended;
      return stream.rowCount;
    } catch (error) {
      const where = (error as { where?: string }).where;
      // COPY's "line N" counts the file's lines (newlines inside quoted values too).
      const line = Number(/line (\d+)/.exec(where ?? '')?.[1] ?? 0);
      if (!where || !line) throw error;
      const column = /column (.*)$/.exec(where.split('\n')[0]!)?.[1];
      throw new RecordError(`${(error as Error).message}${column ? ` (column ${column})` : ''}`, line, { cause: error });
    }
  }

  async exec(sql: string): Promise<void> {
    await this.#client.query(sql);
  }

  begin = () => this.exec('BEGIN');
  commit = () => this.exec('COMMIT');
  rollback = () => this.exec('ROLLBACK');

  async insert(rows: (string | null)[][], lines: number[]): Promise<void> {
    const stream = this.#client.query(copyFrom(this.#copySql));
    try {
      // In pieces of about 64 KB, so the server parses while we send (one huge message it
      // would have to receive whole first: measured 1.5–2× slower).
      let piece = '';
      for (const row of rows) {
        piece += copyLine(row);
        if (piece.length >= PIECE_CHARS) {
          if (!stream.write(piece)) await drained(stream);
          piece = '';
        }
      }
      stream.end(piece);
      await finished(stream);
    } catch (error) {
      const where = (error as { where?: string }).where ?? '';
      const row = Number(/line (\d+)/.exec(where)?.[1] ?? 0);
      const line = lines[row - 1] ?? lines[0] ?? null;
      throw new ImportError(`Line ${line}: ${(error as Error).message}${where ? ` (${where.split('\n')[0]})` : ''}`, line, 'rejected_by_database', { cause: error });
    }
  }

  abort(): void {
    // Closing the socket ends the backend's transaction: PostgreSQL rolls it back.
    (this.#client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }

  async close(): Promise<void> {
    await this.#client.end().catch(() => {});
  }
}

/** One row in COPY's text format: tab-separated, \N for NULL, backslash escapes. */
function copyLine(row: (string | null)[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i) line += '\t';
    const value = row[i];
    line += value === null || value === undefined ? '\\N' : escapeCopy(value);
  }
  return line + '\n';
}

const PIECE_CHARS = 64 * 1024;

const SPECIAL = /[\\\t\n\r]/;

function escapeCopy(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Resolves at 'drain', rejects at 'error'; removes both listeners either way. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', done).off('error', done);
      if (error) reject(error);
      else resolve();
    };
    stream.on('drain', done).on('error', done);
  });
}
