// One import, as a job: records streamed from the uploaded file, checked against their
// columns' types, written in batches on a connection of the import's own.
// - `transaction` (default): one transaction; the first bad row (wrong number of values,
//   a value its column cannot take, or one the database refuses) fails the import with
//   its line, and nothing stays — nor does a new table on an engine whose DDL commits
//   (MySQL: the job drops it).
// - `batch`: each batch commits; bad rows are skipped and reported with their lines (a
//   batch the database refuses is rolled back and reported as a whole).
// Cancel rolls back what is not committed.
import type { ConnectTarget } from '../db/driver.ts';
import type { JobContext } from '../jobs/job.ts';
import type { Engine, ImportMode, ImportOutcome, ImportProblem, ParseSettings } from '../protocol/index.ts';
import type { EngineImport, ImportWriter } from './engine.ts';
import { ImportError, RecordError } from './errors.ts';
import type { ResolvedPlan } from './plan.ts';
import { MAX_RECORD_CHARS, openRecords, openText, type TextReader } from './records.ts';
import { rowCheck } from './row-check.ts';

export interface ImportJobInput {
  target: ConnectTarget;
  file: string;
  fileSize: number;
  settings: ParseSettings;
  /** How many values each record should have (the sample's column count). */
  sourceCount: number;
  plan: ResolvedPlan;
  mode: ImportMode;
  batchRows?: number | undefined;
  /** CREATE TABLE commits on its own (MySQL): a failed import drops the table it created. */
  transactionalDdl: boolean;
  /** Longest record (default MAX_RECORD_CHARS). */
  maxRecordChars?: number | undefined;
}

const MAX_REPORTED = 1000;

export async function runImport(job: JobContext, input: ImportJobInput, engine: EngineImport<Engine>): Promise<{ summary: string; data: ImportOutcome }> {
  const { plan, mode } = input;
  const batchRows = input.batchRows ?? engine.batchRows;
  const check = rowCheck(plan.columns, engine.style, input.settings.format === 'csv' ? input.sourceCount : null);
  const rejectedRows: ImportProblem[] = [];
  let rejected = 0;
  let imported = 0;
  let createdTable = false;

  const writer = await engine.open(input.target as never, { schema: plan.schema, name: plan.table, columns: plan.columns.map((c) => c.column) });
  const stopCancel = job.onCancel(() => writer.abort());
  const fast = fastCsv(input, writer);
  const own = !fast && ownCsv(input, writer);
  const maxRecordChars = input.maxRecordChars;
  const reader = fast ? openText(input.file, input.settings, { maxRecordChars }) : own ? null : openRecords(input.file, input.settings, { names: [] }, { maxRecordChars });
  const report = () => job.progress({ phase: 'Importing', done: imported, unit: 'rows', bytes: reader?.bytes() ?? 0, totalBytes: input.fileSize });

  const reject = (line: number | null, message: string, count = 1) => {
    if (mode === 'transaction') throw new ImportError(`Line ${line}: ${message} Nothing was imported.`, line, 'row_rejected');
    rejected += count;
    if (rejectedRows.length < MAX_REPORTED) rejectedRows.push({ line, message });
  };

  let rows: (string | null)[][] = [];
  let lines: number[] = [];
  // One batch is written while the next is parsed (the database works while we read), and
  // no more: the batch in flight is awaited before the next is handed over.
  let inFlight: Promise<void> = Promise.resolve();
  const write = async (batch: (string | null)[][], batchLines: number[]) => {
    try {
      await writer.insert(batch, batchLines);
      imported += batch.length;
      if (mode === 'batch') {
        await writer.commit();
        await writer.begin();
      }
    } catch (error) {
      if (mode === 'transaction' || job.signal.aborted || !(error instanceof ImportError)) throw error;
      // Per batch: this batch is undone and reported; the next one goes on.
      await writer.rollback();
      await writer.begin();
      reject(error.line, `${error.message.replace(/^Line \d+: /, '')} (the batch of lines ${batchLines[0]}–${batchLines.at(-1)}, ${batch.length} rows, was not imported)`, batch.length);
    }
    report();
  };
  const flush = async () => {
    await inFlight;
    job.signal.throwIfAborted();
    if (!rows.length) return;
    inFlight = write(rows, lines);
    inFlight.catch(() => {}); // surfaced by the next flush
    rows = [];
    lines = [];
  };

  try {
    job.progress({ phase: 'Importing', done: 0, unit: 'rows', bytes: 0, totalBytes: input.fileSize });
    await writer.begin();
    if (plan.createSql) {
      await writer.exec(plan.createSql);
      createdTable = true;
      job.log(`Created ${plan.qualified}.`);
      if (!input.transactionalDdl) await writer.begin(); // its implicit commit ended the transaction
    }
    if (fast && reader && 'text' in reader) imported = await loadCsv(job, input, writer, reader);
    else if (own) {
      const source = { file: input.file, settings: input.settings, sourceCount: input.sourceCount, columns: plan.columns, maxRecordChars: maxRecordChars ?? MAX_RECORD_CHARS };
      imported = await writer.importFile!(source, (rows, bytes) => job.progress({ phase: 'Importing', done: rows, unit: 'rows', bytes, totalBytes: input.fileSize }));
    } else if (reader && 'records' in reader) for await (const record of reader.records) {
      const row: (string | null)[] = new Array(plan.columns.length);
      const problem = check(record.values, row, 0);
      if (problem) {
        reject(record.line, problem);
        continue;
      }
      rows.push(row);
      lines.push(record.line);
      if (rows.length >= batchRows) await flush();
    }
    await flush();
    await inFlight;
    await writer.commit();
  } catch (error) {
    await inFlight.catch(() => {}); // the connection is free again before it rolls back
    await undo(writer, engine, job, input, createdTable);
    throw job.signal.aborted ? job.signal.reason : error;
  } finally {
    stopCancel();
    reader?.close();
    await writer.close();
  }
  const summary = `Imported ${imported.toLocaleString('en-US')} rows into ${plan.qualified}${rejected ? `; ${rejected.toLocaleString('en-US')} rejected` : ''}.`;
  job.log(summary);
  return { summary, data: { table: plan.qualified, rows: imported, rejected, rejectedRows, createdTable } };
}

/**
 * The database's own CSV loader can take the file when every column goes, in order, into
 * the table in one transaction (PostgreSQL: COPY … CSV, which parses in C — several times
 * faster than parsing here). Its errors name a record, mapped back to the file's line.
 */
function fastCsv(input: ImportJobInput, writer: ImportWriter): boolean {
  const { settings, plan } = input;
  return (
    !!writer.loadCsv &&
    input.mode === 'transaction' &&
    settings.format === 'csv' &&
    settings.quote.length === 1 &&
    settings.delimiter.length === 1 &&
    plan.columns.length === input.sourceCount &&
    plan.columns.every((c, i) => c.source === i)
  );
}

/**
 * The engine reads, parses, checks and inserts a CSV file on its own thread (SQLite: no
 * records cross threads), when the first bad row fails the import (one transaction).
 */
function ownCsv(input: ImportJobInput, writer: ImportWriter): boolean {
  return !!writer.importFile && input.mode === 'transaction' && input.settings.format === 'csv';
}

async function loadCsv(job: JobContext, input: ImportJobInput, writer: ImportWriter, reader: TextReader): Promise<number> {
  const { settings } = input;
  async function* text() {
    for await (const chunk of reader.text) {
      job.signal.throwIfAborted();
      yield chunk;
      job.progress({ phase: 'Importing', done: Math.max(0, reader.lines() - (settings.header ? 1 : 0)), unit: 'rows', bytes: reader.bytes(), totalBytes: input.fileSize });
    }
  }
  try {
    return await writer.loadCsv!(text(), settings);
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    const line = await recordStart(input, error.line ?? 0);
    throw new ImportError(`Line ${line}: ${error.message}; nothing was imported.`, line, 'row_rejected', { cause: error });
  }
}

/**
 * The line where the record holding file line `line` starts (a value may span lines): the
 * file read again, only when a record failed. Null when no record starts by then.
 */
async function recordStart(input: ImportJobInput, line: number): Promise<number | null> {
  const reader = openRecords(input.file, input.settings, { names: [] }, { maxRecordChars: input.maxRecordChars });
  let start: number | null = null;
  try {
    for await (const record of reader.records) {
      if (record.line > line) break;
      start = record.line;
    }
    return start;
  } catch (error) {
    // Our parser stops at the same malformed record (an unclosed quote): its line.
    if (error instanceof ImportError) return error.line;
  } finally {
    reader.close();
  }
  return null;
}

/** Rolls back what is not committed; drops a table created by DDL that committed on its own. */
async function undo(writer: ImportWriter, engine: EngineImport<Engine>, job: JobContext, input: ImportJobInput, createdTable: boolean): Promise<void> {
  await writer.rollback().catch(() => {}); // after a cancel the connection may be gone: the server rolled back
  if (!createdTable || input.transactionalDdl || input.mode !== 'transaction') return;
  const drop = `DROP TABLE ${input.plan.qualified}`;
  try {
    if (!job.signal.aborted) await writer.exec(drop);
    else {
      // Cancel closed the import's connection: drop it through a new one.
      const other = await engine.open(input.target as never, { schema: input.plan.schema, name: input.plan.table, columns: [] });
      await other.exec(drop).finally(() => other.close());
    }
    job.log(`Dropped ${input.plan.qualified}, which this import had created.`);
  } catch (error) {
    job.log(`Could not drop ${input.plan.qualified}, which this import had created: ${(error as Error).message}`, 'warn');
  }
}
