// A CSV file into an SQLite table inside the import worker's open transaction: read,
// decoded, parsed (csv-batches.ts), checked (row-check.ts) and inserted in this thread, so
// no record is copied between threads (tried: a parse thread of its own, values packed
// into one string per batch — slower on a loaded machine, and twice the memory), and
// memory holds one chunk of the file at a time.
// The first rejected row fails the load with its line (the job rolls back).
import { createReadStream } from 'node:fs';
import type Database from 'better-sqlite3';
import { csvBatches } from '../../imports/csv-batches.ts';
import { DecodeStream } from '../../imports/decode.ts';
import type { FileSource } from '../../imports/engine.ts';
import { ImportError } from '../../imports/errors.ts';
import { rowCheck } from '../../imports/row-check.ts';
import { BatchInsert, RowRefused } from './batch-insert.ts';
import { sqliteValueStyle } from './import-style.ts';

export interface LoadControl {
  cancelled(): boolean;
  progress(rows: number, bytes: number): void;
}

/** `into`: INSERT INTO "table" ("a", "b"), without VALUES. Returns the rows inserted. */
export async function loadCsvFile(db: Database.Database, into: string, source: FileSource, control: LoadControl): Promise<number> {
  const check = rowCheck(source.columns, sqliteValueStyle, source.sourceCount);
  const insert = new BatchInsert(db, into, source.columns.length);
  // Chunks of 64 KB: their text stays in V8's young generation (a bigger string goes to the
  // old one, freed only by a full collection) — measured 70 MB of memory growth, not 200.
  const input = createReadStream(source.file, { highWaterMark: 64 * 1024 });
  const decode = new DecodeStream(source.settings.encoding);
  input.on('error', (error) => decode.destroy(error));
  input.pipe(decode);
  let done = 0;
  let reported = 0;
  try {
    for await (const { rows, lines } of csvBatches(decode, source.settings, source.maxRecordChars)) {
      if (control.cancelled()) throw new ImportError('The import was cancelled.');
      for (let i = 0; i < rows.length; i++) {
        const problem = check(rows[i]!, insert.values, insert.offset);
        if (problem) throw new ImportError(`Line ${lines[i]}: ${problem} Nothing was imported.`, lines[i], 'row_rejected');
        insert.added(lines[i]!);
      }
      done += rows.length;
      // A few times a second: a message per chunk cost more than parsing it.
      if (performance.now() - reported >= 200) {
        reported = performance.now();
        control.progress(done, decode.bytes);
      }
    }
    insert.flush();
    return done;
  } catch (error) {
    if (!(error instanceof RowRefused)) throw error;
    throw new ImportError(`Line ${error.tag}: ${error.message}`, error.tag, 'rejected_by_database');
  } finally {
    input.destroy();
    decode.destroy();
  }
}
