// The last bytes a terminal printed, bounded, so a client that reconnects can redraw the
// screen by replaying them. Older output is dropped whole chunk by whole chunk (and the
// oldest kept chunk trimmed), so memory never exceeds the limit whatever the program prints.
const NEWLINE = 0x0a;
/** How far into a trimmed replay we look for a line start before giving up. */
const LINE_SEARCH_BYTES = 4096;

export class Scrollback {
  readonly #limit: number;
  #chunks: Buffer[] = [];
  #size = 0;
  #trimmed = false;

  constructor(limitBytes: number) {
    this.#limit = limitBytes;
  }

  get size(): number {
    return this.#size;
  }

  append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#size > this.#limit) {
      const first = this.#chunks[0]!;
      const excess = this.#size - this.#limit;
      this.#trimmed = true;
      if (first.length <= excess) {
        this.#chunks.shift();
        this.#size -= first.length;
      } else {
        // subarray keeps the big buffer alive; copy so the dropped part can be freed.
        this.#chunks[0] = Buffer.from(first.subarray(excess));
        this.#size -= excess;
      }
    }
  }

  /**
   * Everything kept, as one buffer. When older output was dropped, the replay starts at
   * the next line so it does not begin in the middle of a character or escape sequence.
   */
  snapshot(): Buffer {
    const all = Buffer.concat(this.#chunks, this.#size);
    if (!this.#trimmed) return all;
    const newline = all.subarray(0, LINE_SEARCH_BYTES).indexOf(NEWLINE);
    return newline === -1 ? all : all.subarray(newline + 1);
  }
}
