// An imported file as a stream of records — each its values as text (null for JSON null)
// and the line it starts on — whatever its format: CSV (csv-batches.ts), NDJSON one
// value per line, a JSON array element by element. Bytes read are counted for progress.
import { createReadStream } from 'node:fs';
import type { ParseSettings } from '../protocol/index.ts';
import { csvBatches } from './csv-batches.ts';
import { DecodeStream } from './decode.ts';
import { ImportError } from './errors.ts';
import { jsonArrayElements } from './json-array.ts';

export interface SourceRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  values: (string | null)[];
}

/** A record (or JSON value) longer than this fails at once with its line, instead of filling memory. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

export interface RecordReader {
  /** Records in file order; for CSV with a header, the header is `header`, not a record. */
  records: AsyncIterable<SourceRecord>;
  /** Bytes read from the file so far. */
  bytes(): number;
  close(): void;
}

/** CSV: the header row's names (empty when the file has none yet). JSON: keys seen in the sample. */
export interface ColumnSource {
  names: string[];
}

export function openRecords(file: string, settings: ParseSettings, columns: ColumnSource, options: { maxRecordChars?: number | undefined } = {}): RecordReader {
  // 64 KB chunks: their text stays in V8's young generation, freed at once (a bigger string
  // lives in the old one until a full collection: memory grows by the size of the file read).
  const input = createReadStream(file, { highWaterMark: 64 * 1024 });
  const decode = new DecodeStream(settings.encoding);
  input.on('error', (error) => decode.destroy(error));
  input.pipe(decode);
  const max = options.maxRecordChars ?? MAX_RECORD_CHARS;
  const records = settings.format === 'csv' ? csvRecords(decode, settings, columns, max) : jsonRecords(decode, settings.format, columns, max);
  return {
    records,
    bytes: () => decode.bytes,
    close: () => {
      input.destroy();
      decode.destroy();
    },
  };
}

async function* csvRecords(text: DecodeStream, settings: ParseSettings, columns: ColumnSource, max: number): AsyncGenerator<SourceRecord> {
  const batches = csvBatches(text, settings, max, (names) => (columns.names = names));
  for await (const { rows, lines } of batches) {
    for (let i = 0; i < rows.length; i++) yield { line: lines[i]!, values: rows[i]! };
  }
}

async function* jsonRecords(text: DecodeStream, format: 'json' | 'ndjson', columns: ColumnSource, max: number): AsyncGenerator<SourceRecord> {
  const values = format === 'json' ? jsonArrayElements(text, max) : ndjsonLines(text, max);
  for await (const { line, text: json } of values) {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new ImportError(`Line ${line}: not valid JSON (${(error as Error).message}).`, line, 'bad_json');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ImportError(`Line ${line}: each ${format === 'json' ? 'element of the array' : 'line'} must be a JSON object, like {"id": 1}.`, line, 'bad_json');
    }
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) if (!columns.names.includes(key)) columns.names.push(key);
    yield { line, values: columns.names.map((key) => jsonCell(object[key])) };
  }
}

function jsonCell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

async function* ndjsonLines(text: AsyncIterable<string>, max: number): AsyncGenerator<{ line: number; text: string }> {
  let partial = '';
  let line = 0;
  for await (const chunk of text) {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const part of parts) {
      line++;
      if (part.trim()) yield { line, text: part };
    }
    if (partial.length > max) throw new ImportError(`Line ${line + 1}: longer than ${Math.round(max / 1024 / 1024)} M characters.`, line + 1, 'bad_json');
  }
  line++;
  if (partial.trim()) yield { line, text: partial };
}

export interface TextReader {
  /** The file's text, decoded; a physical line over the limit fails with its number. */
  text: AsyncIterable<string>;
  bytes(): number;
  /** Newlines read so far. */
  lines(): number;
  close(): void;
}

/** The decoded text itself, for a database that parses the CSV on its own (PostgreSQL's COPY). */
export function openText(file: string, settings: ParseSettings, options: { maxRecordChars?: number | undefined } = {}): TextReader {
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  const decode = new DecodeStream(settings.encoding);
  input.on('error', (error) => decode.destroy(error));
  input.pipe(decode);
  const max = options.maxRecordChars ?? MAX_RECORD_CHARS;
  let lines = 0;
  let lineLength = 0;
  async function* text(): AsyncGenerator<string> {
    for await (const chunk of decode as AsyncIterable<string>) {
      let from = 0;
      for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', at + 1)) {
        if (lineLength + at - from > max) break;
        lines++;
        lineLength = 0;
        from = at + 1;
      }
      lineLength += chunk.length - from;
      if (lineLength > max) throw new ImportError(`Line ${lines + 1}: a record longer than ${Math.round(max / 1024 / 1024)} M characters (a quote never closed, or the wrong delimiter?).`, lines + 1, 'bad_csv');
      yield chunk;
    }
  }
  return {
    text: text(),
    bytes: () => decode.bytes,
    lines: () => lines,
    close: () => {
      input.destroy();
      decode.destroy();
    },
  };
}
