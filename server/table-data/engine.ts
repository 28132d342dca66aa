// What each engine's home provides for the data explorer (db/<engine>/table-data.ts),
// collected in one Record<Engine, …> (engines.ts). The domain (query-builder.ts, service.ts)
// writes every statement from these facts and never tests an engine's name.
import type { TargetOf } from '../db/driver.ts';
import type { Engine, ForeignLink } from '../protocol/index.ts';

type Cell = string | null;

/** A bound parameter: text, null, or bytes (a binary column's value). */
export type Param = string | null | Buffer;

export interface QueryOutcome {
  rows: Cell[][];
  affectedRows: number;
  /** The session's last generated id (engines with `last-insert-id`). */
  insertId: string | null;
}

/** One connection of its own, used by one request at a time (service.ts serializes). */
export interface DataConnection {
  /**
   * Runs ONE statement with bound parameters (a text holding several is refused by the
   * engine). Rows are arrays of cells in select-list order.
   */
  query(sql: string, params: Param[]): Promise<QueryOutcome>;
  /** The connection was lost (backend killed, server restarted, worker gone): it is dropped, never reused. */
  readonly lost: boolean;
  close(): Promise<void>;
}

/** What the explorer's describe() does not say. */
export interface TableExtras {
  autoIncrement: string[];
  referencedBy: ForeignLink[];
}

export interface TableDataEngine<E extends Engine> {
  open(target: TargetOf<E>): Promise<DataConnection>;
  /** The n-th (1-based) parameter's placeholder: `$1` or `?`. */
  placeholder(n: number): string;
  /** Statements opening a transaction; `readOnly` for a view's queries (nothing can be written in it). */
  begin(readOnly: boolean): string[];
  /** Statements ending it: committed, or rolled back. */
  finish(readOnly: boolean, commit: boolean): string[];
  /** Whether a column type holds bytes (its values travel as hex). */
  isBinary(dataType: string): boolean;
  /** The select-list expression reading a column as its text (binary: uppercase hex). */
  readExpression(column: string, binary: boolean): string;
  /** A boolean expression: `a` equals `b`, two NULLs being equal. */
  nullSafeEquals(a: string, b: string): string;
  /** Case-insensitive LIKE operator. */
  like: string;
  /** NULLs sort before every value in ascending order (SQLite, MySQL) or after (PostgreSQL). */
  nullsFirstAscending: boolean;
  /** An INSERT giving no column: `DEFAULT VALUES` or `() VALUES ()`. */
  insertDefaults: string;
  extras(connection: DataConnection, schema: string, table: string): Promise<TableExtras>;
  /** A parameter as an SQL literal, for the "open in editor" text only (never executed by us). */
  literal(value: Param): string;
}

export type TableDataEngines = { [E in Engine]: TableDataEngine<E> };
