// Runs one statement at a time on the worker's connection and hands out its rows batch by
// batch, already in the wire encoding (row-pieces.ts): the cursor (a better-sqlite3
// iterator) stays open between batches. While the server sends one batch the worker reads
// ahead (fillAhead), up to AHEAD_BATCHES, in slices of SLICE_ROWS so that a message from
// the server (next, release) waits at most one slice; a paused consumer stops the reading
// once those few batches are held. Runs inside the worker.
import type Database from 'better-sqlite3';
import { CellRenderer, resultColumns } from './cells.ts';
import { RowPieces, type BatchPart } from './row-pieces.ts';
import { commandOf, DML_COMMANDS } from './sql-text.ts';
import type { ResultColumn } from '../../protocol/index.ts';
import type { StatementDone } from './worker-protocol.ts';

const AHEAD_BATCHES = 3;
const SLICE_ROWS = 250;

/** A batch as the worker holds it: its pieces are still to be written to the pipe. */
export interface Batch {
  columns?: ResultColumn[];
  parts: BatchPart[];
  done: StatementDone | null;
}

interface OpenCursor {
  rows: Iterator<unknown[]>;
  rowCount: number;
  command: string | null;
  batchSize: number;
  /** Rows in the batch being built (in `pieces`). */
  building: number;
  /** Batches read ahead, in order; an error reading one is reported when it is asked for. */
  ahead: ({ batch: Batch } | { error: unknown })[];
}

export class StatementRunner {
  readonly #db: Database.Database;
  readonly #cells = new CellRenderer();
  readonly #pieces = new RowPieces(this.#cells);
  #cursor: OpenCursor | null = null;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Prepares and starts `sql`; throws SQLite's error (prepare or first step). */
  run(sql: string, batchSize: number): Batch {
    this.release();
    const statement = this.#db.prepare(sql);
    const command = commandOf(sql);
    if (!statement.reader) {
      const { changes } = statement.run();
      return { parts: [], done: { rowCount: 0, affectedRows: command && DML_COMMANDS.has(command) ? changes : null, command } };
    }
    statement.raw(true).safeIntegers(true);
    const declared = statement.columns().map((c) => ({ name: c.name, type: c.type }));
    const cursor: OpenCursor = { rows: statement.iterate() as Iterator<unknown[]>, rowCount: 0, command, batchSize, building: 0, ahead: [] };
    this.#cursor = cursor;
    // Expression columns have no declared type: the first batch tells what they hold.
    const first: unknown[][] = [];
    let done: StatementDone | null;
    try {
      done = this.#read(cursor, batchSize, (row) => first.push(row));
    } catch (error) {
      this.release();
      throw error;
    }
    cursor.building = 0;
    if (done) this.#cursor = null;
    for (const row of first) this.#pieces.add(row);
    return { columns: resultColumns(declared, first), parts: this.#pieces.finish(), done };
  }

  /** The next batch: one read ahead, else read now. */
  next(): Batch {
    const cursor = this.#cursor;
    if (!cursor) throw new Error('No statement is running in this session.');
    if (cursor.ahead.length === 0) this.#fill(cursor, cursor.batchSize - cursor.building);
    const ahead = cursor.ahead.shift()!;
    if ('error' in ahead) {
      this.release();
      throw ahead.error;
    }
    if (ahead.batch.done) this.#cursor = null;
    return ahead.batch;
  }

  /** Reads one slice ahead; true while more reading ahead is wanted. */
  fillAhead(): boolean {
    const cursor = this.#cursor;
    if (!cursor || !wantsMore(cursor)) return false;
    this.#fill(cursor, Math.min(SLICE_ROWS, cursor.batchSize - cursor.building));
    return wantsMore(cursor);
  }

  /** Drops the open cursor, if any (resetting the statement releases its read lock). */
  release(): void {
    const cursor = this.#cursor;
    this.#cursor = null;
    this.#pieces.finish();
    cursor?.rows.return?.();
  }

  /** Reads up to `rows` more rows into the batch being built; queues it once complete. */
  #fill(cursor: OpenCursor, rows: number): void {
    let done: StatementDone | null;
    try {
      done = this.#read(cursor, rows, (row) => this.#pieces.add(row));
    } catch (error) {
      this.#pieces.finish();
      cursor.ahead.push({ error });
      return;
    }
    if (done || cursor.building === cursor.batchSize) {
      cursor.ahead.push({ batch: { parts: this.#pieces.finish(), done } });
      cursor.building = 0;
    }
  }

  /** Steps up to `limit` rows into `take`; the statement's outcome once it has finished. */
  #read(cursor: OpenCursor, limit: number, take: (row: unknown[]) => void): StatementDone | null {
    for (let n = 0; n < limit; n++) {
      const next = cursor.rows.next();
      if (next.done) {
        // INSERT … RETURNING returns one row per row changed.
        const affectedRows = cursor.command && DML_COMMANDS.has(cursor.command) ? cursor.rowCount : null;
        return { rowCount: cursor.rowCount, affectedRows, command: cursor.command };
      }
      cursor.rowCount++;
      cursor.building++;
      take(next.value);
    }
    return null;
  }
}

/** Room for more batches ahead, and the statement has not finished or failed. */
function wantsMore(cursor: OpenCursor): boolean {
  const last = cursor.ahead.at(-1);
  if (last && ('error' in last || last.batch.done)) return false;
  return cursor.ahead.length < AHEAD_BATCHES;
}
