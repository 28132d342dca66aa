// Test fixture: a real websocket client (the `ws` package) that records every message so
// tests can await the one they expect. Binary frames (terminal output) are recorded apart,
// unless a decoder turns them into messages (query row batches).
import { StringDecoder } from 'node:string_decoder';
import { WebSocket, type ClientOptions } from 'ws';

export interface Received {
  type: string;
  id?: string;
  [key: string]: unknown;
}

export class TestSocket {
  readonly ws: WebSocket;
  readonly messages: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Binary frames received, in order. */
  readonly binary: Buffer[] = [];
  readonly #waiters: { match: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];
  readonly #decoder = new StringDecoder('utf8');
  #binaryText = '';
  readonly #binaryWaiters: { match: (text: string) => boolean; resolve: (text: string) => void }[] = [];

  constructor(url: string, options: ClientOptions = {}, decodeBinary?: (frame: Buffer) => Received) {
    this.ws = new WebSocket(url, options);
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const frame = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
        if (decodeBinary) return this.#deliver(decodeBinary(frame));
        this.binary.push(frame);
        this.#binaryText += this.#decoder.write(frame);
        const text = this.#binaryText;
        for (const waiter of [...this.#binaryWaiters]) {
          if (waiter.match(text)) {
            this.#binaryWaiters.splice(this.#binaryWaiters.indexOf(waiter), 1);
            waiter.resolve(text);
          }
        }
        return;
      }
      this.#deliver(JSON.parse(data.toString()) as Received);
    });
    this.ws.on('error', () => {}); // failures surface through `closed` / `opened`
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  #deliver(message: Received): void {
    this.messages.push(message);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(message)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
      this.ws.once('error', reject);
    });
  }

  sendJson(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** The first message (already received or future) matching `match`. */
  next(match: (m: Received) => boolean, timeoutMs = 5000): Promise<Received> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`)), timeoutMs);
      this.#waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  /** Every binary frame so far, concatenated and decoded as UTF-8. */
  binaryText(): string {
    return this.#binaryText;
  }

  /** Resolves with binaryText() once it satisfies `match` (already, or after a later frame). */
  nextBinary(match: (text: string) => boolean, timeoutMs = 5000): Promise<string> {
    const text = this.binaryText();
    if (match(text)) return Promise.resolve(text);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`binary output did not match within ${timeoutMs} ms; got ${JSON.stringify(this.binaryText().slice(-2000))}`)), timeoutMs);
      this.#binaryWaiters.push({ match, resolve: (t) => { clearTimeout(timer); resolve(t); } });
    });
  }

  reply(id: string, timeoutMs?: number): Promise<Received> {
    return this.next((m) => m.id === id, timeoutMs);
  }

  close(): void {
    this.ws.close();
  }
}

/** Opens `path` on a running server with its token (or the headers given). */
export async function connect(port: number, path: string, options: ClientOptions = {}, decodeBinary?: (frame: Buffer) => Received): Promise<TestSocket> {
  const socket = new TestSocket(`ws://127.0.0.1:${port}${path}`, options, decodeBinary);
  await socket.opened();
  return socket;
}
