// CSV text → its records in batches, each with the line it starts on. papaparse reads
// them (about 2.5× faster than csv-parse here); at the first thing it is not sure of — a
// malformed quote, a carriage return, no quote character — the rest of the file goes
// through csv-parse, whose errors name the exact line. papaparse takes a quote inside an
// unquoted value (a"b) as text, as psql and sqlite3 do; csv-parse (after such a switch)
// refuses it, with its line.
import { parse, CsvError, type InfoRecord, type Options } from 'csv-parse';
import Papa from 'papaparse';
import type { ParseSettings } from '../protocol/index.ts';
import { ImportError } from './errors.ts';

export interface RecordBatch {
  rows: string[][];
  /** 1-based line of the file where each row starts. */
  lines: number[];
}

type CsvSettings = Pick<ParseSettings, 'delimiter' | 'quote' | 'header'>;

/** Records of `text` (empty lines skipped; the header, when there is one, handed to onHeader). */
export async function* csvBatches(text: AsyncIterable<string>, settings: CsvSettings, max: number, onHeader: (names: string[]) => void = () => {}): AsyncGenerator<RecordBatch> {
  const chunks = text[Symbol.asyncIterator]();
  let headerDone = !settings.header;
  const keep = (batch: RecordBatch): RecordBatch => {
    // Empty lines, then the header: dropped in place (rare, so the common batch is not copied).
    for (let i = batch.rows.length - 1; i >= 0; i--) {
      const row = batch.rows[i]!;
      if (row.length === 1 && row[0] === '') {
        batch.rows.splice(i, 1);
        batch.lines.splice(i, 1);
      }
    }
    if (!headerDone && batch.rows.length) {
      headerDone = true;
      onHeader(batch.rows.shift()!);
      batch.lines.shift();
    }
    return batch;
  };

  const fast = settings.quote.length === 1 ? new PapaChunks(settings, max) : null;
  let rest = '';
  let line = 1;
  if (fast) {
    for (;;) {
      const next = await chunks.next();
      if (next.done) {
        const batch = fast.end();
        if (batch) {
          yield keep(batch);
          return;
        }
        break; // the last record needs csv-parse
      }
      const batch = fast.push(next.value);
      if (!batch) break;
      if (batch.rows.length) yield keep(batch);
    }
    rest = fast.pending;
    line = fast.line;
  }
  yield* csvParseBatches(rest, chunks, settings, max, line, keep);
}

/** papaparse over whole records: each chunk's complete records, the incomplete end kept for the next. */
class PapaChunks {
  readonly #settings: CsvSettings;
  /** Made at the first line end, which says whether lines end with CRLF or LF. */
  #parser: Papa.Parser | null = null;
  #crlf = false;
  readonly #max: number;
  /** The start of a record not complete yet. */
  pending = '';
  /** The line `pending` starts on. */
  line = 1;

  constructor(settings: CsvSettings, max: number) {
    this.#settings = settings;
    this.#max = max;
  }

  /** The complete records so far, or null when papaparse is not sure of them (csv-parse takes `pending` and the rest). */
  push(chunk: string): RecordBatch | null {
    const input = this.pending + chunk;
    if (!this.#parser) {
      const end = input.indexOf('\n');
      if (end < 0) {
        this.pending = input;
        if (input.length > this.#max) throw recordTooLong(this.line, this.#max);
        return { rows: [], lines: [] };
      }
      this.#crlf = input.charCodeAt(end - 1) === 13;
      const { delimiter, quote } = this.#settings;
      this.#parser = new Papa.Parser({ delimiter, quoteChar: quote, escapeChar: quote, newline: this.#crlf ? '\r\n' : '\n' });
    }
    // A carriage return in a file of LF line ends: csv-parse knows what to make of it.
    if (!this.#crlf && input.includes('\r')) return this.#unsure(input);
    const result = this.#parser.parse(input, 0, true);
    if (result.errors.length) return this.#unsure(input);
    const end = result.meta.cursor;
    const batch = this.#batch(result.data as string[][], input, end);
    if (!batch) return this.#unsure(input);
    this.pending = input.slice(end);
    if (this.pending.length > this.#max) throw recordTooLong(this.line, this.#max);
    return batch;
  }

  /** The last record (the file does not end with a newline), or null when csv-parse must take it. */
  end(): RecordBatch | null {
    if (!this.pending) return { rows: [], lines: [] };
    if (!this.#parser || this.pending.includes('\r')) return null;
    const result = this.#parser.parse(this.pending, 0, false);
    if (result.errors.length || result.data.length !== 1) return null;
    return { rows: result.data as string[][], lines: [this.line] };
  }

  #unsure(input: string): null {
    this.pending = input;
    return null;
  }

  /** Rows with their lines; null when the newlines read do not add up. */
  #batch(rows: string[][], input: string, end: number): RecordBatch | null {
    let newlines = 0;
    for (let at = input.indexOf('\n'); at >= 0 && at < end; at = input.indexOf('\n', at + 1)) newlines++;
    const lines = new Array<number>(rows.length);
    let line = this.line;
    if (newlines === rows.length) {
      // The common case: each record ends with the one newline of its line.
      for (let i = 0; i < rows.length; i++) lines[i] = line + i;
    } else {
      // Values spanning lines: each record starts after the newlines inside the ones before.
      for (let i = 0; i < rows.length; i++) {
        lines[i] = line;
        line += 1 + rows[i]!.reduce((sum, value) => sum + countNewlines(value), 0);
      }
      if (line - this.line !== newlines) return null;
    }
    this.line += newlines;
    return { rows, lines };
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

const BATCH = 1000;

/** csv-parse from `first` (which starts on line `line`) and the chunks after it. */
async function* csvParseBatches(first: string, chunks: AsyncIterator<string>, settings: CsvSettings, max: number, line: number, keep: (batch: RecordBatch) => RecordBatch): AsyncGenerator<RecordBatch> {
  // Each record's first line: one past where the previous record ended. on_record runs as
  // records are parsed (before a later error surfaces), so a failing record's line is exact.
  const offset = line - 1;
  let previousEnd = 0;
  const parser = parse({
    delimiter: settings.delimiter,
    quote: settings.quote || false,
    escape: settings.quote || null,
    bom: true,
    relax_column_count: true,
    max_record_size: max,
    // Typed as returning rows: csv-parse's types do not follow what on_record returns.
    on_record: ((record: string[], context: InfoRecord) => {
      const start = previousEnd + 1;
      previousEnd = context.lines;
      return { record, line: start + offset };
    }) as unknown as Options['on_record'],
  });
  const feed = (async () => {
    if (first) parser.write(first);
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      if (!parser.write(next.value)) await new Promise((resolve) => parser.once('drain', resolve));
    }
    parser.end();
  })();
  feed.catch((error: unknown) => parser.destroy(error as Error));
  let batch: RecordBatch = { rows: [], lines: [] };
  try {
    for await (const { record, line: at } of parser as AsyncIterable<{ record: string[]; line: number }>) {
      batch.rows.push(record);
      batch.lines.push(at);
      if (batch.rows.length >= BATCH) {
        yield keep(batch);
        batch = { rows: [], lines: [] };
      }
    }
    if (batch.rows.length) yield keep(batch);
  } catch (error) {
    // The records before the bad one first, as csv-parse gave them one by one (a preview
    // shows them with the problem; per-batch mode imports them).
    if (batch.rows.length) yield keep(batch);
    throw csvProblem(error, previousEnd + 1 + offset, offset, max);
  } finally {
    parser.destroy();
  }
}

function recordTooLong(line: number, max: number): ImportError {
  return new ImportError(`Line ${line}: a record longer than ${Math.round(max / 1024 / 1024)} M characters (a quote never closed, or the wrong delimiter?).`, line, 'bad_csv');
}

function csvProblem(error: unknown, line: number, offset: number, max: number): unknown {
  if (!(error instanceof CsvError)) return error;
  const reported = (error as CsvError & { lines?: number }).lines;
  const at = reported === undefined ? line : reported + offset;
  switch (error.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return recordTooLong(line, max);
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportError(`Line ${line}: a quoted value is never closed.`, line, 'bad_csv');
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new ImportError(`Line ${at}: a quote in the middle of a value (quotes inside a quoted value are doubled: "").`, at, 'bad_csv');
    default:
      return new ImportError(`Line ${at}: ${error.message}`, at, 'bad_csv');
  }
}
