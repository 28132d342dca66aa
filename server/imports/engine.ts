// What each engine's home provides for imports (db/<engine>/import.ts), collected in one
// Record<Engine, …> (engines.ts): the import job calls these and never tests an engine's
// name. Values always reach the database bound or escaped by the driver, never spliced.
import type { TargetOf } from '../db/driver.ts';
import type { Engine, ImportColumnType, ParseSettings } from '../protocol/index.ts';
import type { ValueStyle } from './infer.ts';
import type { CheckedColumn } from './row-check.ts';

export interface FileSource {
  file: string;
  settings: ParseSettings;
  /** The values each record must have. */
  sourceCount: number;
  columns: CheckedColumn[];
  maxRecordChars: number;
}

export interface ImportTable {
  schema: string;
  name: string;
  columns: string[];
}

/** One connection of the import's own, holding its transaction. */
export interface ImportWriter {
  /** A statement without rows (CREATE TABLE). */
  exec(sql: string): Promise<void>;
  begin(): Promise<void>;
  /**
   * Inserts rows into the table (values as text, null for NULL). On a database error,
   * throws an ImportError naming the line (`lines[i]` of the row) when the engine says
   * which row failed, else the batch's first line.
   */
  insert(rows: (string | null)[][], lines: number[]): Promise<void>;
  /**
   * Optional fast path for a CSV file whose columns go, all and in order, into the table
   * in one transaction: the text streamed to the database's own CSV loader (PostgreSQL's
   * COPY … CSV), which parses and checks it. Returns the rows loaded; a refused record
   * throws RecordError with its line.
   */
  loadCsv?(text: AsyncIterable<string>, csv: { delimiter: string; quote: string; header: boolean }): Promise<number>;
  /**
   * Optional fast path for a CSV file imported in one transaction: the engine reads, parses
   * (csv-batches.ts), checks (row-check.ts) and inserts the whole file itself. Returns the
   * rows imported; the first rejected record throws ImportError with its line.
   */
  importFile?(source: FileSource, progress: (rows: number, bytes: number) => void): Promise<number>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Cancel: stops what runs now; the open transaction is rolled back (the connection may close). */
  abort(): void;
  close(): Promise<void>;
}

export interface EngineImport<E extends Engine> {
  /** How booleans and timestamps with a zone are written for this engine. */
  style: ValueStyle;
  /** A new table's column type for values of this type. */
  sqlType(type: ImportColumnType): string;
  /** The values an existing column (of this SQL type) takes. */
  classify(sqlType: string): ImportColumnType;
  /** Rows per insert batch (and per commit in per-batch mode) unless the user chooses. */
  batchRows: number;
  /** Why nothing can be imported into this target (a read-only connection), or null. */
  refuses?(target: TargetOf<E>): string | null;
  open(target: TargetOf<E>, table: ImportTable): Promise<ImportWriter>;
}

export type ImportEngines = { [E in Engine]: EngineImport<E> };
