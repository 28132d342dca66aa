// Test fixture: one HTTP/1.1 connection driven by hand, for what fetch hides — which
// requests share a keep-alive socket, and how the server ends it.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How the connection ended: the server closed it cleanly (FIN), or it broke. */
export type RawEnding = { kind: 'closed' } | { kind: 'error'; code: string };

export class RawConnection {
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #wake: (() => void) | undefined;
  /** Settles when the server ends the connection. */
  readonly ended: Promise<RawEnding>;
  #ending: RawEnding | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    this.ended = new Promise((resolve) => {
      const end = (ending: RawEnding) => {
        this.#ending ??= ending;
        this.#wake?.();
        resolve(this.#ending);
      };
      socket.on('end', () => end({ kind: 'closed' }));
      socket.on('error', (error: NodeJS.ErrnoException) => end({ kind: 'error', code: error.code ?? error.message }));
      socket.on('close', () => end({ kind: 'closed' }));
    });
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes a request: its head (request line and headers, without the blank line) and body. */
  send(head: string[], body: Buffer | string = ''): void {
    this.#socket.write(`${head.join('\r\n')}\r\n\r\n`);
    if (body.length) this.#socket.write(body);
  }

  /** The next response (which must carry Content-Length); rejects if the connection ends first. */
  async response(): Promise<RawResponse> {
    for (;;) {
      const parsed = this.#take();
      if (parsed) return parsed;
      if (this.#ending) throw new Error(`the connection ended before a response: ${JSON.stringify(this.#ending)}`);
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #take(): RawResponse | undefined {
    const headEnd = this.#buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return undefined;
    const [statusLine, ...lines] = this.#buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }));
    const length = Number(headers['content-length'] ?? 0);
    const bodyStart = headEnd + 4;
    if (this.#buffer.length < bodyStart + length) return undefined;
    const body = this.#buffer.subarray(bodyStart, bodyStart + length).toString('utf8');
    this.#buffer = this.#buffer.subarray(bodyStart + length);
    return { status: Number(statusLine!.split(' ')[1]), headers, body };
  }
}
