// What every websocket endpoint shares: a noServer WebSocketServer, JSON parsing and zod
// validation of every inbound message, request/reply correlation, error replies that say
// what was wrong, a heartbeat that drops dead peers, and a clean close on shutdown.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { z } from 'zod';
import { AppError, BadRequestError } from '../errors.ts';
import type { ErrorMessage, HelloMessage } from '../protocol/index.ts';
import { CloseCode, describeIssues } from '../protocol/index.ts';
import type { UpgradeTarget } from './upgrade.ts';

const MAX_MESSAGE_BYTES = 1024 * 1024;

/** One client of one endpoint. S is the endpoint's server→client message union. */
export class Connection<S extends { type: string }> {
  readonly ws: WebSocket;
  readonly req: IncomingMessage;
  readonly #cleanups: (() => void)[] = [];
  alive = true;

  constructor(ws: WebSocket, req: IncomingMessage) {
    this.ws = ws;
    this.req = req;
    ws.once('close', () => {
      for (const cleanup of this.#cleanups.splice(0)) cleanup();
    });
  }

  send(message: S | ErrorMessage | HelloMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  /** Sends raw bytes as one binary frame; `written` runs once the socket took them. */
  sendBinary(data: Buffer, written?: () => void): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(data, { binary: true }, written);
  }

  /** Bytes queued for this client but not yet written to the socket. */
  get buffered(): number {
    return this.ws.bufferedAmount;
  }

  sendError(error: unknown, id?: string): void {
    this.send(toErrorMessage(error, id));
  }

  /** Runs when the connection closes, whatever the reason. */
  onClose(cleanup: () => void): void {
    this.#cleanups.push(cleanup);
  }
}

export interface EndpointContext {
  log: Logger;
  version: string;
  startedAt: string;
}

export interface EndpointDefinition<C extends { type: string; id?: string | undefined }, S extends { type: string }> {
  path: string;
  /** Every inbound message is validated against this schema before a handler sees it. */
  schema: z.ZodType<C>;
  /** Refuse when the server listens beyond loopback (e.g. the terminal). */
  loopbackOnly?: boolean;
  onOpen?(conn: Connection<S>): void;
  /** Handles every validated message except ping, which the endpoint answers itself. */
  onMessage(conn: Connection<S>, message: Exclude<C, { type: 'ping' }>): void | Promise<void>;
}

/** An endpoint as the server manages it: routed by upgrade.ts, heartbeat, closed on shutdown. */
export interface WsEndpoint extends UpgradeTarget {
  startHeartbeat(intervalMs: number): void;
  closeAll(code: number, reason: string, timeoutMs: number): Promise<void>;
}

export class Endpoint<C extends { type: string; id?: string | undefined }, S extends { type: string }> implements WsEndpoint {
  readonly path: string;
  readonly loopbackOnly: boolean;
  readonly #definition: EndpointDefinition<C, S>;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  readonly #context: EndpointContext;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(definition: EndpointDefinition<C, S>, context: EndpointContext) {
    this.#definition = definition;
    this.#context = context;
    this.path = definition.path;
    this.loopbackOnly = definition.loopbackOnly ?? false;
  }

  get clientCount(): number {
    return this.#wss.clients.size;
  }

  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#open(ws, req));
  }

  /** Completes the handshake only to close with a code the browser can read (4401). */
  refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, reason));
  }

  /** Pings every client each interval; one that did not answer the previous ping is dropped. */
  startHeartbeat(intervalMs: number): void {
    this.#heartbeat = setInterval(() => {
      for (const ws of this.#wss.clients) {
        const conn = connections.get(ws);
        if (!conn) continue;
        if (!conn.alive) {
          this.#context.log.info({ endpoint: this.path }, 'websocket peer stopped answering; dropped');
          ws.terminate();
          continue;
        }
        conn.alive = false;
        ws.ping();
      }
    }, intervalMs);
    this.#heartbeat.unref();
  }

  /** Closes every client with `code` and waits (bounded) for their close handshakes. */
  async closeAll(code: number, reason: string, timeoutMs: number): Promise<void> {
    clearInterval(this.#heartbeat);
    const closing = [...this.#wss.clients].map(
      (ws) => new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(code, reason);
      }),
    );
    const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.all(closing), timer]);
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
  }

  #open(ws: WebSocket, req: IncomingMessage): void {
    const conn = new Connection<S>(ws, req);
    connections.set(ws, conn);
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('error', (error) => {
      this.#context.log.debug({ endpoint: this.path, err: error.message }, 'websocket error');
    });
    ws.on('message', (data, isBinary) => {
      conn.alive = true;
      void this.#receive(conn, data, isBinary);
    });
    conn.send({ type: 'hello', endpoint: this.path, version: this.#context.version, serverStartedAt: this.#context.startedAt });
    this.#definition.onOpen?.(conn);
  }

  async #receive(conn: Connection<S>, data: RawData, isBinary: boolean): Promise<void> {
    let id: string | undefined;
    try {
      if (isBinary) throw new BadRequestError('Binary frames are not accepted on this endpoint; send JSON text.');
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        throw new AppError('bad_json', 'Message is not valid JSON.');
      }
      id = extractId(raw);
      const parsed = this.#definition.schema.safeParse(raw);
      if (!parsed.success) throw unknownTypeOr(raw, parsed.error, this.path);
      const message = parsed.data;
      if (message.type === 'ping') {
        conn.send({ type: 'pong', id: message.id } as unknown as S);
        return;
      }
      await this.#definition.onMessage(conn, message as Exclude<C, { type: 'ping' }>);
    } catch (error) {
      if (!(error instanceof AppError)) this.#context.log.error({ endpoint: this.path, err: error }, 'websocket handler failed');
      conn.sendError(error, id);
    }
  }
}

// Connection objects by socket, so the heartbeat can reach them without a second registry.
const connections = new WeakMap<WebSocket, Connection<{ type: string }>>();

function extractId(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' && raw.id.length <= 64) return raw.id;
  return undefined;
}

function unknownTypeOr(raw: unknown, error: z.ZodError, path: string): AppError {
  const type = raw && typeof raw === 'object' && 'type' in raw ? raw.type : undefined;
  const typeIssue = error.issues.find((i) => i.path.length === 1 && i.path[0] === 'type');
  if (typeIssue) {
    return typeof type === 'string'
      ? new AppError('unknown_type', `Unknown message type "${type.slice(0, 64)}" for ${path}.`)
      : new BadRequestError('Message needs a string "type" field.');
  }
  return new BadRequestError(`Invalid "${String(type)}" message.`, describeIssues(error.issues));
}

export function toErrorMessage(error: unknown, id?: string): ErrorMessage {
  if (error instanceof AppError) {
    return {
      type: 'error',
      ...(id ? { id } : {}),
      code: error.code,
      message: error.message,
      ...(error instanceof BadRequestError && error.issues ? { issues: error.issues } : {}),
    };
  }
  return { type: 'error', ...(id ? { id } : {}), code: 'internal', message: 'Internal error; see the server log.' };
}

export { CloseCode };
