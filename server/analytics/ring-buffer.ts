// A fixed-capacity buffer of the newest items: the last hour of chart points per database
// in constant memory.
export class RingBuffer<T> {
  readonly #items: (T | undefined)[];
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    this.#items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.#items.length;
    this.#size = Math.min(this.#size + 1, this.#items.length);
  }

  /** Oldest first. */
  toArray(): T[] {
    const start = (this.#next - this.#size + this.#items.length) % this.#items.length;
    return Array.from({ length: this.#size }, (_, i) => this.#items[(start + i) % this.#items.length]!);
  }
}
