// Test fixtures for app/ modules under node:test: the few browser globals they touch
// outside React, and a real websocket server on a free port to talk to. Node itself
// provides the rest of what a browser would (WebSocket, fetch, EventTarget).
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export interface BrowserPage {
  /** Where 'online' is dispatched. */
  window: EventTarget;
  /** Where 'visibilitychange' is dispatched; set `visibilityState` first. */
  document: EventTarget & { visibilityState: 'visible' | 'hidden' };
}

/** Makes this process look like a page served from `origin`: `location`, `window`, `document`. */
export function installBrowserPage(origin: string): BrowserPage {
  const page: BrowserPage = { window: new EventTarget(), document: Object.assign(new EventTarget(), { visibilityState: 'visible' as const }) };
  Object.assign(globalThis, { location: new URL(origin), window: page.window, document: page.document });
  return page;
}

type Sent = { type: string; id?: string; [key: string]: unknown };

/** A websocket server on a free loopback port that records what clients send and can refuse them. */
export class WsPeer {
  readonly origin: string;
  /** JSON messages received from every client, in order. */
  readonly received: Sent[] = [];
  /** Refuse new connections at the handshake (as a server that is down would fail them). */
  accepting = true;
  connections = 0;
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  #waiters: { match: (m: Sent) => boolean; resolve: (m: Sent) => void }[] = [];

  static async start(): Promise<WsPeer> {
    const http = createServer();
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    return new WsPeer(http);
  }

  private constructor(http: Server) {
    this.#http = http;
    this.origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    this.#wss = new WebSocketServer({ server: http, verifyClient: () => this.accepting });
    this.#wss.on('connection', (ws) => {
      this.connections++;
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const message = JSON.parse(data.toString()) as Sent;
        this.received.push(message);
        for (const waiter of [...this.#waiters]) {
          if (!waiter.match(message)) continue;
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      });
    });
  }

  /** The clients connected now, oldest first. */
  get clients(): WebSocket[] {
    return [...this.#wss.clients];
  }

  /** The most recent client: waits for one to connect if none has. */
  async client(): Promise<WebSocket> {
    const open = this.clients.filter((ws) => ws.readyState === WebSocket.OPEN);
    if (open.length) return open.at(-1)!;
    const [ws] = (await once(this.#wss, 'connection')) as [WebSocket];
    return ws;
  }

  /** The first message from a client (already received or future) that matches. */
  next(match: (m: Sent) => boolean, timeoutMs = 5000): Promise<Sent> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`)), timeoutMs);
      this.#waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Sends to the most recent client: an object as JSON, a string or bytes as a binary frame. */
  async send(message: object | string | Uint8Array): Promise<void> {
    const ws = await this.client();
    if (typeof message === 'string' || message instanceof Uint8Array) ws.send(Buffer.from(message), { binary: true });
    else ws.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
    this.#http.closeAllConnections();
    await new Promise((resolve) => this.#http.close(resolve));
  }
}

/** Resolves once `condition` holds, checking every few milliseconds; fails after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
