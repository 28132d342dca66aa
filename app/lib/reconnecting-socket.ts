// Browser side of our websocket protocol: one socket per endpoint that reconnects with
// backoff, keeps itself alive with application pings, correlates replies by id, and
// exposes its state for the UI (useSyncExternalStore). Binary frames (terminal output)
// go to their own listeners.
import { CloseCode, type ErrorMessage } from '../../server/protocol/index.ts';

export type SocketStatus = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

export interface SocketState {
  status: SocketStatus;
  /** Failed attempts since the last successful open. */
  attempt: number;
  /** When status is 'reconnecting': the time of the next attempt (ms since epoch). */
  retryAt?: number;
}

const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 10_000;
const PING_EVERY_MS = 15_000;
/** No frame at all for this long means the connection is dead even if the OS has not said so. */
const SILENCE_LIMIT_MS = 35_000;

type Incoming = { type: string; id?: string };
type Listener<T> = (value: T) => void;

export class RequestFailedError extends Error {
  readonly code: string;
  readonly issues: string[] | undefined;
  constructor(reply: ErrorMessage) {
    super(reply.message);
    this.code = reply.code;
    this.issues = reply.issues;
  }
}

export class ReconnectingSocket<C extends { type: string; id?: string }, S extends Incoming> {
  readonly #path: string;
  #ws: WebSocket | undefined;
  #state: SocketState = { status: 'connecting', attempt: 0 };
  readonly #stateListeners = new Set<() => void>();
  readonly #messageListeners = new Set<Listener<S>>();
  readonly #binaryListeners = new Set<Listener<ArrayBuffer>>();
  readonly #openListeners = new Set<() => void>();
  readonly #pending = new Map<string, { resolve: (m: S) => void; reject: (e: Error) => void }>();
  #nextId = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #lastFrameAt = 0;
  #closed = false;

  constructor(path: string) {
    this.#path = path;
    this.#connect();
    window.addEventListener('online', this.#retryNow);
    document.addEventListener('visibilitychange', this.#retryNow);
  }

  get state(): SocketState {
    return this.#state;
  }

  subscribeState = (listener: () => void): (() => void) => {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  };

  onMessage(listener: Listener<S>): () => void {
    this.#messageListeners.add(listener);
    return () => this.#messageListeners.delete(listener);
  }

  onBinary(listener: Listener<ArrayBuffer>): () => void {
    this.#binaryListeners.add(listener);
    return () => this.#binaryListeners.delete(listener);
  }

  /** Runs on every successful (re)connection: the place to (re)subscribe. */
  onOpen(listener: () => void): () => void {
    this.#openListeners.add(listener);
    if (this.#state.status === 'open') listener();
    return () => this.#openListeners.delete(listener);
  }

  newId(): string {
    return `r${++this.#nextId}`;
  }

  send(message: C): boolean {
    if (this.#ws?.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify(message));
    return true;
  }

  /** Sends a message with an id and resolves with the first reply carrying that id. */
  request(message: C & { id: string }): Promise<S> {
    return new Promise((resolve, reject) => {
      if (!this.send(message)) return reject(new Error('Not connected to the server.'));
      this.#pending.set(message.id, { resolve, reject });
    });
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    window.removeEventListener('online', this.#retryNow);
    document.removeEventListener('visibilitychange', this.#retryNow);
    this.#ws?.close(1000);
  }

  #setState(state: SocketState): void {
    this.#state = state;
    for (const listener of this.#stateListeners) listener();
  }

  #connect(): void {
    if (this.#closed) return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${this.#path}`;
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    ws.onopen = () => {
      this.#lastFrameAt = Date.now();
      this.#setState({ status: 'open', attempt: 0 });
      this.#pingTimer = setInterval(() => this.#keepAlive(), PING_EVERY_MS);
      for (const listener of this.#openListeners) listener();
    };
    ws.onmessage = (event) => {
      this.#lastFrameAt = Date.now();
      if (event.data instanceof ArrayBuffer) {
        for (const listener of this.#binaryListeners) listener(event.data);
        return;
      }
      let message: S;
      try {
        message = JSON.parse(String(event.data)) as S;
      } catch {
        return;
      }
      const pending = message.id === undefined ? undefined : this.#pending.get(message.id);
      if (pending) {
        this.#pending.delete(message.id!);
        if (message.type === 'error') pending.reject(new RequestFailedError(message as unknown as ErrorMessage));
        else pending.resolve(message);
      }
      for (const listener of this.#messageListeners) listener(message);
    };
    ws.onclose = (event) => {
      if (this.#ws !== ws) return; // a socket we already gave up on
      this.#dropped(event.code);
    };
  }

  #keepAlive(): void {
    if (Date.now() - this.#lastFrameAt > SILENCE_LIMIT_MS) {
      // The OS may take minutes to notice a dead peer; do not wait for the close handshake.
      const dead = this.#ws;
      this.#ws = undefined;
      dead?.close();
      this.#dropped(1006);
      return;
    }
    this.send({ type: 'ping', id: this.newId() } as unknown as C);
  }

  #dropped(code: number): void {
    clearInterval(this.#pingTimer);
    for (const pending of this.#pending.values()) pending.reject(new Error('Connection to the server was lost.'));
    this.#pending.clear();
    if (this.#closed) return;
    if (code === CloseCode.unauthorized) {
      this.#setState({ status: 'unauthorized', attempt: this.#state.attempt });
      return;
    }
    const attempt = this.#state.attempt + 1;
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (attempt - 1));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.#setState({ status: 'reconnecting', attempt, retryAt: Date.now() + delay });
    this.#retryTimer = setTimeout(() => {
      this.#setState({ status: 'connecting', attempt });
      this.#connect();
    }, delay);
  }

  // Coming back online or to the tab: do not make the user wait out a long backoff.
  #retryNow = (): void => {
    if (this.#state.status !== 'reconnecting' || document.visibilityState === 'hidden') return;
    clearTimeout(this.#retryTimer);
    this.#setState({ status: 'connecting', attempt: this.#state.attempt });
    this.#connect();
  };
}
