// A query session's connection, read before pg reads it: while a cursor streams, its DataRow
// messages go to a PackedRows (packed-rows.ts) as bytes instead of through pg's parser, which
// would make a string of every cell. Every other message (RowDescription, PortalSuspended,
// CommandComplete, errors, notices…) is handed to pg's own 'data' listener unchanged and in
// order, so pg and pg-cursor keep their state machine — they just see no DataRows.
//
// The tap frames every message (a type byte, then a 4-byte length that counts itself) and
// forwards only whole ones, so pg's parser is never left holding half a message.
//
// A plain (non-TLS) connection is read by the tap from its first byte, through a socket that
// reads into one reused buffer (plainSocket): a socket otherwise allocates a new 64 KB buffer
// per read, ~50 MB per million rows, and that much external memory made V8 run a full GC of
// the whole server heap about twice per million rows (~300 ms of the server's CPU, more than
// the rows' own reading). Reuse is safe because pg is only ever handed whole messages within
// the read's callback, and keeps none of their bytes (it makes strings; the one message whose
// bytes it would keep, CopyData, a session drops). A TLS connection decrypts into new buffers
// anyway: there the tap is attached once the connection is idle (no message half-read).
import { Socket } from 'node:net';
import type { Client } from 'pg';
import type { PackedRows } from './packed-rows.ts';

const DATA_ROW = 0x44; // 'D'
const READY_FOR_QUERY = 0x5a; // 'Z': its one byte of payload is the transaction status
const IN_TRANSACTION = 0x54; // 'T' (idle 'I', failed transaction 'E')
const HEADER = 5;
/** A plain socket's reused read buffer: a read takes what the kernel holds, up to this. */
const READ_BUFFER = 256 * 1024;

type DataListener = (chunk: Buffer) => void;
interface Stream {
  listeners(event: 'data'): DataListener[];
  removeListener(event: 'data', listener: DataListener): void;
  on(event: 'data', listener: DataListener): void;
}

export class WireTap {
  /** Where DataRows go; null: to pg, as usual. */
  sink: PackedRows | null = null;
  /** The session was inside a transaction block when the backend was last ready for a query. */
  inTransaction = false;
  readonly #forward: DataListener;
  /** The start of a message that has not fully arrived yet. */
  #pending: Buffer | null = null;

  /**
   * A socket for pg's `stream` option (plain connections only: TLS would need its raw bytes),
   * tapped from the start: its reads land in one reused buffer and reach pg's 'data'
   * listener as whole messages.
   */
  static plainSocket(): { socket: Socket; tap: WireTap } {
    const buffer = Buffer.allocUnsafeSlow(READ_BUFFER);
    const socket: Socket = new Socket({
      onread: {
        buffer,
        callback: (length) => {
          tap.#read(buffer.subarray(0, length));
          return true; // keep reading
        },
      },
    });
    const tap = new WireTap((messages) => socket.emit('data', messages));
    return { socket, tap };
  }

  /** Taps the client's socket, or returns null when pg's reader is not the one expected (pg changed): then pg reads as before. */
  static attach(client: Client): WireTap | null {
    const stream = (client as unknown as { connection?: { stream?: Stream } }).connection?.stream;
    const listeners = stream?.listeners('data');
    if (!stream || listeners?.length !== 1) return null;
    const tap = new WireTap(listeners[0]!);
    stream.removeListener('data', listeners[0]!);
    stream.on('data', (chunk) => tap.#read(chunk));
    return tap;
  }

  private constructor(forward: DataListener) {
    this.#forward = forward;
  }

  #read(chunk: Buffer): void {
    let at = 0;
    if (this.#pending !== null) {
      // Complete the one message that straddles the chunks (copying only its bytes, not the chunk).
      let head = this.#pending;
      if (head.length < HEADER) {
        const more = Math.min(HEADER - head.length, chunk.length);
        head = Buffer.concat([head, chunk.subarray(0, more)]);
        at = more;
        if (head.length < HEADER) {
          this.#pending = head;
          return;
        }
      }
      const missing = 1 + head.readUInt32BE(1) - head.length;
      if (chunk.length - at < missing) {
        this.#pending = Buffer.concat([head, chunk.subarray(at)]);
        return;
      }
      this.#pending = null;
      const message = Buffer.concat([head, chunk.subarray(at, at + missing)]);
      this.#messages(message, 0);
      at += missing;
    }
    const end = this.#messages(chunk, at);
    // Copied: the socket reuses its chunk's memory.
    if (end < chunk.length) this.#pending = Buffer.from(chunk.subarray(end));
  }

  /** Handles the whole messages in `data` from `at`; returns where the first incomplete one starts. */
  #messages(data: Buffer, at: number): number {
    /** Start of the messages not yet forwarded to pg. */
    let from = at;
    while (at + HEADER <= data.length) {
      const end = at + 1 + data.readUInt32BE(at + 1);
      if (end > data.length) break;
      const sink = this.sink;
      if (data[at] === READY_FOR_QUERY) this.inTransaction = data[at + HEADER] === IN_TRANSACTION;
      if (data[at] === DATA_ROW && sink !== null) {
        if (from < at) this.#forward(data.subarray(from, at));
        sink.addDataRow(data, at + HEADER, end);
        from = end;
      }
      at = end;
    }
    if (from < at) this.#forward(data.subarray(from, at));
    return at;
  }
}
