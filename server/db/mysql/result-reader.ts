// One statement's result, read from mysql2's events in batches with backpressure: the
// reader fills one batch ahead of its consumer and then pauses the connection (the socket
// stops being read, so the server blocks on its send), resuming when the consumer takes
// the batch. Memory stays at about two batches whatever the result's size.
//
// Rows are copied as bytes into the batch's wire encoding (packed-rows.ts) instead of being
// parsed by mysql2: the query's row parser is swapped for one that hands each row packet to
// PackedRows. When the result's columns cannot be copied that way, or mysql2 no longer has
// the parser where this expects it, mysql2 parses the rows as before.
import type { Connection, FieldPacket, Query, ResultSetHeader } from 'mysql2';
import { packedKinds, PackedRows, type PackedBatch } from './packed-rows.ts';

type Row = (string | null)[];

export type ReaderEvent = { kind: 'fields'; fields: FieldPacket[] } | { kind: 'rows'; batch: PackedBatch; last: boolean } | { kind: 'end'; header: ResultSetHeader | null };

/** What the swapped-in row parser returns for a row it packed (the 'result' event's value). */
const PACKED = Symbol('packed row');

export class ResultReader {
  readonly #connection: Connection;
  readonly #batchSize: number;
  #fields: FieldPacket[] | null = null;
  #fieldsTaken = false;
  #header: ResultSetHeader | null = null;
  #current: Row[] = [];
  /** The batch being packed, when this result's rows are copied as bytes. */
  #packing: PackedRows | null = null;
  readonly #ready: PackedBatch[] = [];
  #ended = false;
  #error: unknown = null;
  #paused = false;
  #discarding = false;
  #wake: (() => void) | null = null;

  constructor(connection: Connection, sql: string, batchSize: number) {
    this.#connection = connection;
    this.#batchSize = batchSize;
    const query = connection.query({ sql, rowsAsArray: true });
    const tapped = this.#tapRowParser(query);
    // Also emitted, with no fields, for a statement that returns no rows.
    query.on('fields', (fields: FieldPacket[] | undefined) => {
      this.#fields = fields ?? null;
      this.#takeCurrent(); // a procedure's next result set: its rows start a batch of their own
      const kinds = tapped && fields ? packedKinds(fields) : null;
      this.#packing = kinds && new PackedRows(kinds);
      this.#notify();
    });
    query.on('result', (row: Row | ResultSetHeader | typeof PACKED) => {
      if (row === PACKED) {
        if (this.#packing!.count < this.#batchSize) return;
      } else if (!Array.isArray(row)) {
        this.#header = row;
        return;
      } else {
        if (this.#discarding) return;
        this.#current.push(row);
        if (this.#current.length < this.#batchSize) return;
      }
      this.#takeCurrent();
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

  /**
   * Makes the query's row parser (set by mysql2 once a result's columns are known, right after
   * its 'fields' event) pack rows into this.#packing while that is set. False when mysql2's
   * Query does not have the parser property this expects.
   */
  #tapRowParser(query: Query): boolean {
    if (!Object.hasOwn(query, '_rowParser')) return false;
    let parser: unknown = null;
    const packer = {
      next: (packet: { buffer: Buffer; offset: number; end: number }) => {
        if (!this.#discarding) this.#packing!.add(packet.buffer, packet.offset, packet.end);
        return PACKED;
      },
    };
    Object.defineProperty(query, '_rowParser', {
      configurable: true,
      get: () => (this.#packing ? packer : parser),
      set: (value: unknown) => (parser = value),
    });
    return true;
  }

  /** The rows gathered so far, if any, as a batch ready for the consumer. */
  #takeCurrent(): void {
    if (this.#packing) {
      if (this.#packing.count > 0) this.#ready.push(this.#packing.take());
    } else if (this.#current.length > 0) {
      this.#ready.push({ count: this.#current.length, bytes: null, rows: this.#current });
      this.#current = [];
    }
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
      const batch = this.#ready.shift();
      if (batch) {
        this.#resume();
        return { kind: 'rows', batch, last: this.#ended && this.#ready.length === 0 && this.#error === null };
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
    if (this.#packing?.count) this.#packing.take();
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
    if (!this.#discarding) this.#takeCurrent();
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
