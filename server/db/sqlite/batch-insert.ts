// Rows into an SQLite table, many per INSERT: one statement of up to 64 rows (prepared
// once, values bound) runs several times faster than 64 single-row ones. When one fails,
// its rows go again one by one, to name the row the database refused.
import type Database from 'better-sqlite3';

/** SQLite's limit on bound values per statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
const MAX_VARIABLES = 32_766;
const ROWS_PER_STATEMENT = 64;

export class RowRefused extends Error {
  /** The refused row's tag (its index in a batch, or its line), as given to added(). */
  readonly tag: number;
  constructor(message: string, tag: number) {
    super(message);
    this.tag = tag;
  }
}

export class BatchInsert {
  readonly #db: Database.Database;
  readonly #into: string;
  readonly #columns: number;
  readonly #perStatement: number;
  #many: Database.Statement | null = null;
  #one: Database.Statement | null = null;
  /** Values of the rows waiting, row after row. */
  readonly values: unknown[];
  /** Rows waiting in `values`. */
  #waiting = 0;
  /** Each waiting row's tag, to name a refused one. */
  readonly #tags: number[];

  /** `into`: INSERT INTO "table" ("a", "b"), without VALUES. */
  constructor(db: Database.Database, into: string, columns: number) {
    this.#db = db;
    this.#into = into;
    this.#columns = columns;
    this.#perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_VARIABLES / Math.max(1, columns))));
    this.values = new Array(this.#perStatement * columns);
    this.#tags = new Array(this.#perStatement);
  }

  /** Where the next row's values go in `values`. */
  get offset(): number {
    return this.#waiting * this.#columns;
  }

  /** The row written at `offset` is complete; `tag` names it if it is refused. */
  added(tag: number): void {
    this.#tags[this.#waiting++] = tag;
    if (this.#waiting === this.#perStatement) this.#run();
  }

  /** Inserts the rows still waiting. */
  flush(): void {
    if (this.#waiting) this.#runEach();
  }

  /** Drops the rows waiting (after a refused row: the caller rolls back). */
  discard(): void {
    this.#waiting = 0;
  }

  #run(): void {
    this.#many ??= this.#db.prepare(this.#sql(this.#perStatement));
    try {
      this.#many.run(this.values);
    } catch {
      // The statement changed nothing: its rows again one by one, the refused one named.
      this.#runEach();
      return;
    }
    this.#waiting = 0;
  }

  #runEach(): void {
    this.#one ??= this.#db.prepare(this.#sql(1));
    for (let row = 0; row < this.#waiting; row++) {
      try {
        this.#one.run(this.values.slice(row * this.#columns, (row + 1) * this.#columns));
      } catch (error) {
        const tag = this.#tags[row]!;
        this.#waiting = 0;
        throw new RowRefused((error as Error).message, tag);
      }
    }
    this.#waiting = 0;
  }

  #sql(rows: number): string {
    const row = `(${new Array(this.#columns).fill('?').join(', ')})`;
    return `${this.#into} VALUES ${new Array(rows).fill(row).join(', ')}`;
  }
}
