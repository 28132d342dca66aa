// A running query's gate between the database cursor and the socket: rows go out only as
// far as the client asked (`fetchRows`, then `more`), and only while the socket's send
// buffer is not full. Waiting here is what pauses the database cursor (drivers pull).
import { QueryCancelledError } from '../db/errors.ts';

const SEND_BUFFER_HIGH = 1024 * 1024;
const DRAIN_POLL_MS = 5;

export class FlowControl {
  #credit: number;
  #cancelled = false;
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

  /** Resolves when more rows may be sent; throws QueryCancelledError once cancelled. */
  async waitForCredit(): Promise<void> {
    while (this.#credit <= 0 && !this.#cancelled) {
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
    if (this.#cancelled) throw new QueryCancelledError();
  }

  /** Resolves once the socket has room again (bufferedAmount() below the high mark). */
  async waitForDrain(bufferedAmount: () => number): Promise<void> {
    while (bufferedAmount() > SEND_BUFFER_HIGH && !this.#cancelled) {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    if (this.#cancelled) throw new QueryCancelledError();
  }
}
