// Runs one statement at a time on the worker's connection and hands out its rows batch by
// batch: the cursor (a better-sqlite3 iterator) stays open between batches. While the
// server handles one batch the worker reads the next (readAhead), so the two processes
// work in parallel; nothing beyond that one batch is held. Runs inside the worker.
//
// In a session process, rows are written straight into the wire encoding's bytes as they
// are stepped (packed-batch.ts); in a worker thread they are handed out as cell strings.
import type Database from 'better-sqlite3';
import { CellRenderer, resultColumns } from './cells.ts';
import { PackedBatchWriter } from './packed-batch.ts';
import { commandOf, DML_COMMANDS } from './sql-text.ts';
import type { StatementDone, StatementStep } from './worker-protocol.ts';

interface OpenCursor {
  rows: Iterator<unknown[]>;
  rowCount: number;
  command: string | null;
}

export class StatementRunner {
  readonly #db: Database.Database;
  readonly #cells = new CellRenderer();
  /** Set when batches go out packed (a session process). */
  readonly #writer: PackedBatchWriter | null;
  #cursor: OpenCursor | null = null;
  /** The batch read ahead for the next `next()`, or the error reading it raised. */
  #ahead: { step: StatementStep } | { error: unknown } | null = null;

  constructor(db: Database.Database, packed: boolean) {
    this.#db = db;
    this.#writer = packed ? new PackedBatchWriter(this.#cells) : null;
  }

  /** Prepares and starts `sql`; throws SQLite's error (prepare or first step). */
  run(sql: string, batchSize: number): StatementStep {
    this.release();
    const statement = this.#db.prepare(sql);
    const command = commandOf(sql);
    if (!statement.reader) {
      const { changes } = statement.run();
      return { rows: [], done: { rowCount: 0, affectedRows: command && DML_COMMANDS.has(command) ? changes : null, command } };
    }
    statement.raw(true).safeIntegers(true);
    const declared = statement.columns().map((c) => ({ name: c.name, type: c.type }));
    this.#cursor = { rows: statement.iterate() as Iterator<unknown[]>, rowCount: 0, command };
    const first: unknown[][] = [];
    const step = this.#take(batchSize, first);
    // Expression columns have no declared type: the first batch tells what they hold.
    return { columns: resultColumns(declared, first), ...step };
  }

  next(batchSize: number): StatementStep {
    const ahead = this.#ahead;
    this.#ahead = null;
    if (ahead) {
      if ('error' in ahead) throw ahead.error;
      return ahead.step;
    }
    return this.#nextStep(batchSize);
  }

  /** Reads the next batch now, while the server is busy with the previous one. */
  readAhead(batchSize: number): void {
    if (!this.#cursor || this.#ahead) return;
    try {
      this.#ahead = { step: this.#nextStep(batchSize) };
    } catch (error) {
      this.#ahead = { error }; // reported when the batch is asked for, as without read-ahead
    }
  }

  /** Drops the open cursor, if any (resetting the statement releases its read lock). */
  release(): void {
    this.#ahead = null;
    const cursor = this.#cursor;
    this.#cursor = null;
    cursor?.rows.return?.();
  }

  #nextStep(batchSize: number): StatementStep {
    if (!this.#cursor) throw new Error('No statement is running in this session.');
    return this.#take(batchSize, null);
  }

  /** Up to `batchSize` rows, packed or as cells; also kept raw in `keep` when given. */
  #take(batchSize: number, keep: unknown[][] | null): Omit<StatementStep, 'columns'> {
    const cursor = this.#cursor!;
    const writer = this.#writer;
    const rows: (string | null)[][] = [];
    let count = 0;
    let done: StatementDone | null = null;
    try {
      for (; count < batchSize; count++) {
        const next = cursor.rows.next();
        if (next.done) {
          this.#cursor = null;
          const rowCount = cursor.rowCount + count;
          // INSERT … RETURNING returns one row per row changed.
          const affectedRows = cursor.command && DML_COMMANDS.has(cursor.command) ? rowCount : null;
          done = { rowCount, affectedRows, command: cursor.command };
          break;
        }
        keep?.push(next.value);
        if (writer) writer.add(next.value);
        else rows.push(this.#cells.renderRow(next.value));
      }
    } catch (error) {
      writer?.take(); // the rows stepped so far are dropped with the statement
      this.release();
      throw error;
    }
    cursor.rowCount += count;
    if (!writer || count === 0) return { rows, done };
    const batch = writer.take();
    return batch.bytes ? { rows, packed: { bytes: batch.bytes, count }, done } : { rows: batch.rows, done };
  }
}
