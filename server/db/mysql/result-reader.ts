// One statement's result, read from mysql2's events in batches with backpressure: the
// reader fills one batch ahead of its consumer and then pauses the connection (the socket
// stops being read, so the server blocks on its send), resuming when the consumer takes
// the batch. Memory stays at about two batches whatever the result's size.
import type { Connection, FieldPacket, ResultSetHeader } from 'mysql2';

type Row = (string | null)[];

export type ReaderEvent = { kind: 'fields'; fields: FieldPacket[] } | { kind: 'rows'; rows: Row[]; last: boolean } | { kind: 'end'; header: ResultSetHeader | null };

export class ResultReader {
  readonly #connection: Connection;
  readonly #batchSize: number;
  #fields: FieldPacket[] | null = null;
  #fieldsTaken = false;
  #header: ResultSetHeader | null = null;
  #current: Row[] = [];
  readonly #ready: Row[][] = [];
  #ended = false;
  #error: unknown = null;
  #paused = false;
  #discarding = false;
  #wake: (() => void) | null = null;

  constructor(connection: Connection, sql: string, batchSize: number) {
    this.#connection = connection;
    this.#batchSize = batchSize;
    const query = connection.query({ sql, rowsAsArray: true });
    query.on('fields', (fields: FieldPacket[]) => {
      this.#fields = fields;
      this.#notify();
    });
    query.on('result', (row: Row | ResultSetHeader) => {
      if (!Array.isArray(row)) {
        this.#header = row;
        return;
      }
      if (this.#discarding) return;
      this.#current.push(row);
      if (this.#current.length < this.#batchSize) return;
      this.#ready.push(this.#current);
      this.#current = [];
      // One full batch waiting for the consumer is the read-ahead; stop reading here.
      if (!this.#paused) {
        this.#paused = true;
        connection.pause();
      }
      this.#notify();
    });
    query.on('error', (error: unknown) => {
      this.#error = error;
      this.#finish();
    });
    query.on('end', () => this.#finish());
  }

  /** The statement has finished on the server (all its rows received, or failed). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Next event: the columns (row-returning statements), batches, then end; throws the server's error. */
  async next(): Promise<ReaderEvent> {
    for (;;) {
      if (this.#fields && !this.#fieldsTaken) {
        this.#fieldsTaken = true;
        return { kind: 'fields', fields: this.#fields };
      }
      const rows = this.#ready.shift();
      if (rows) {
        this.#resume();
        return { kind: 'rows', rows, last: this.#ended && this.#ready.length === 0 && this.#error === null };
      }
      if (this.#ended) {
        if (this.#error !== null) throw this.#error;
        return { kind: 'end', header: this.#header };
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  /** Drops what is buffered and what is still coming, until the statement ends (after a KILL QUERY). */
  async drain(): Promise<void> {
    this.#discarding = true;
    this.#ready.length = 0;
    this.#current = [];
    this.#resume();
    while (!this.#ended) await new Promise<void>((resolve) => (this.#wake = resolve));
  }

  /** Lets a consumer blocked in next() see an outside change (a lost connection). */
  fail(error: unknown): void {
    if (this.#ended) return;
    this.#error = error;
    this.#finish();
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#current.length > 0 && !this.#discarding) this.#ready.push(this.#current);
    this.#current = [];
    this.#resume();
    this.#notify();
  }

  #resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#connection.resume();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
