// The desktop shell's log file, <logs>/desktop.log: the shell's own lines and the server's
// stdout/stderr as forwarded by the supervisor (already scrubbed of secrets). Each line is
// timestamped; past MAX_BYTES the file is rotated once (desktop.log.1), so it stays small.
import { createWriteStream, mkdirSync, openSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

const MAX_BYTES = 5 * 1024 * 1024;

export class DesktopLog {
  readonly file: string;
  readonly #maxBytes: number;
  #stream: WriteStream;
  #bytes: number;

  constructor(file: string, maxBytes = MAX_BYTES) {
    this.file = file;
    this.#maxBytes = maxBytes;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.#bytes = sizeOf(file);
    this.#stream = this.#open();
  }

  write(line: string): void {
    const text = `${new Date().toISOString()} ${line}\n`;
    if (this.#bytes + text.length > this.#maxBytes) this.#rotate();
    this.#bytes += Buffer.byteLength(text);
    this.#stream.write(text);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#stream.end(resolve));
  }

  #open(): WriteStream {
    // Opened synchronously, so a rotation right after can never race the open.
    const stream = createWriteStream(this.file, { fd: openSync(this.file, 'a', 0o600) });
    stream.on('error', () => {}); // a full disk must not take the shell down; lines are lost
    return stream;
  }

  #rotate(): void {
    this.#stream.end();
    try {
      renameSync(this.file, `${this.file}.1`);
    } catch {
      // nothing to rotate yet
    }
    this.#bytes = 0;
    this.#stream = this.#open();
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
