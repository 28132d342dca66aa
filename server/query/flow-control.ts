// A running query's gate between the database cursor and the socket: rows go out only as
// far as the client asked (`fetchRows`, then `more`), and only while the bytes sent but not
// yet written to the socket stay under a window of a few batches. Waiting here is what
// pauses the database cursor (drivers pull).
//
// The window is counted from each frame's write callback, so the query resumes the moment
// the socket has taken enough, rather than on a timer: polling bufferedAmount every 5 ms
// left the cursor paused for whole poll periods (longer on a loaded machine) while the
// socket sat empty. The window is large enough to keep the socket busy while the next
// batch is being fetched and encoded, small enough to keep memory bounded (≈ 4 MB).
import { QueryCancelledError } from '../db/errors.ts';

/** Resume sending once no more than this is in flight… */
const WINDOW_LOW = 2 * 1024 * 1024;
/** …after going above this. */
const WINDOW_HIGH = 4 * 1024 * 1024;
/** Messages sent without a write callback (JSON) are still seen through bufferedAmount, polled. */
const DRAIN_POLL_MS = 5;

export class FlowControl {
  #credit: number;
  #cancelled = false;
  #inFlight = 0;
  #wake: (() => void) | undefined;

  constructor(initialCredit: number) {
    this.#credit = initialCredit;
  }

  get cancelled(): boolean {
    return this.#cancelled;
  }

  get exhausted(): boolean {
    return this.#credit <= 0;
  }

  /** Rows were sent. */
  consume(rows: number): void {
    this.#credit -= rows;
  }

  /** The client accepts `rows` more. */
  grant(rows: number): void {
    this.#credit += rows;
    this.#wake?.();
  }

  cancel(): void {
    this.#cancelled = true;
    this.#wake?.();
  }

  /** A frame of `bytes` was handed to the socket; call the returned function once it is written. */
  sending(bytes: number): () => void {
    this.#inFlight += bytes;
    return () => {
      this.#inFlight -= bytes;
      if (this.#inFlight <= WINDOW_LOW) this.#wake?.();
    };
  }

  /** Resolves when more rows may be sent; throws QueryCancelledError once cancelled. */
  async waitForCredit(): Promise<void> {
    while (this.#credit <= 0 && !this.#cancelled) await this.#sleep();
    if (this.#cancelled) throw new QueryCancelledError();
  }

  /**
   * Resolves once the socket has room again: the frames in flight (sending()) back under the
   * low mark, and the socket's own buffer (bufferedAmount(), which also counts messages
   * sent without a callback) under the high mark.
   */
  async waitForDrain(bufferedAmount: () => number): Promise<void> {
    if (this.#inFlight > WINDOW_HIGH) {
      while (this.#inFlight > WINDOW_LOW && !this.#cancelled) await this.#sleep();
    }
    while (bufferedAmount() > WINDOW_HIGH && !this.#cancelled) {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    if (this.#cancelled) throw new QueryCancelledError();
  }

  #sleep(): Promise<void> {
    return new Promise<void>((resolve) => (this.#wake = resolve)).finally(() => (this.#wake = undefined));
  }
}
