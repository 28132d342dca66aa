// The file format of DB Toolkit's built-in logical dumps, shared by the engines that write
// one when their dump tool is missing (PostgreSQL, MySQL / MariaDB): a gzip-compressed SQL
// script whose entries each start with a marker line carrying a random per-file token — so
// a line of a function body or of data is never mistaken for one — and which ends with an
// end marker, so a truncated file is detected. Entries:
//   sql          a statement
//   drop         a DROP … IF EXISTS a clean restore runs first
//   data <table> a statement loading rows of <table>, one row a line after its first line
//   copy <table> a COPY command, then its data lines up to "\." (PostgreSQL)
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { AppError } from '../errors.ts';

/** The manifest's tool for a backup written this way. */
export const LOGICAL_TOOL = 'DB Toolkit built-in logical dump';
const HEADER = '-- DB Toolkit logical dump 1';

export class DumpFormatError extends AppError {
  constructor(message: string) {
    super('archive_unreadable', message, 422);
  }
}

export type DumpEntry =
  | { kind: 'sql'; sql: string }
  | { kind: 'drop'; sql: string }
  | { kind: 'data'; table: string; sql: string; rows: number }
  | { kind: 'copy'; table: string; command: string; rows: AsyncIterable<string> };

/** Makes a marker line: `marker('sql')`, `marker('data `t`')`, `marker('end')` is added by the writer. */
export type Marker = (what: string) => string;

/**
 * Writes a dump: the header (with `intro`, a comment saying why and how to restore it), the
 * body's text, the end marker — gzipped into `file` as it streams.
 */
export async function writeDumpFile(file: string, intro: string, body: (marker: Marker) => AsyncIterable<string | Buffer>, signal: AbortSignal): Promise<void> {
  const token = randomBytes(6).toString('hex');
  const marker: Marker = (what) => `--@${token} ${what}\n`;
  async function* text(): AsyncGenerator<string | Buffer> {
    yield `${HEADER} ${token}\n-- ${intro}\n`;
    yield* body(marker);
    yield marker('end');
  }
  await pipeline(Readable.from(text()), createGzip({ level: 3 }), createWriteStream(file, { mode: 0o600 }), { signal });
}

/** The entries of a dump file, in order; throws DumpFormatError on a file that is not one, or is cut short. */
export async function* readDumpFile(file: string, signal?: AbortSignal): AsyncGenerator<DumpEntry> {
  const gunzip = createGunzip();
  // pipe() forwards no error: a read aborted by `signal` must end the reading, not stall it.
  const input = createReadStream(file, { signal }).on('error', (error) => gunzip.destroy(error));
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity })[Symbol.asyncIterator]();
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
    if (what === 'sql' || what === 'drop' || what.startsWith('data ')) {
      const text: string[] = [];
      while ((line = await next()) !== null && !line.startsWith(prefix)) text.push(line);
      if (what.startsWith('data ')) {
        const table = what.slice(5);
        if (!wellFormedRows(text)) throw new DumpFormatError(`The rows of ${table} are not a well-formed INSERT (one row a line): the dump is damaged.`);
        yield { kind: 'data', table, sql: statementText(text), rows: text.length - 1 };
      } else {
        yield { kind: what, sql: statementText(text) } as DumpEntry;
      }
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

/** Reads the whole dump back (the quick verify): complete, well-formed, how much it holds. */
export async function checkDumpFile(file: string, signal: AbortSignal): Promise<string> {
  let statements = 0;
  const tables = new Set<string>();
  let rows = 0;
  for await (const entry of readDumpFile(file, signal)) {
    if (entry.kind === 'sql') statements++;
    if (entry.kind === 'data') {
      tables.add(entry.table);
      rows += entry.rows;
    }
    if (entry.kind === 'copy') {
      tables.add(entry.table);
      for await (const _ of entry.rows) rows++;
    }
  }
  return `the logical dump reads back complete: ${statements} statements, ${rows} rows of ${tables.size} tables`;
}

/** The lines as one statement, its final `;` (and whitespace after it) taken off — without copying a large statement twice. */
function statementText(lines: string[]): string {
  let last = lines.length - 1;
  while (last >= 0 && !lines[last]!.trim()) last--;
  if (last >= 0 && /;\s*$/.test(lines[last]!)) {
    lines[last] = lines[last]!.replace(/;\s*$/, '');
    lines.length = last + 1;
  }
  return lines.join('\n');
}

/** A data entry's shape: `INSERT INTO … VALUES`, then one `(…),` a line, the last `(…);`. */
function wellFormedRows(lines: string[]): boolean {
  if (lines.length < 2 || !/^INSERT INTO .* VALUES$/.test(lines[0]!)) return false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith('(') || !line.endsWith(i === lines.length - 1 ? ');' : '),')) return false;
  }
  return true;
}
