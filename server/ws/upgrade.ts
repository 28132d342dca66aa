// The server's only 'upgrade' listener. Order: Host → Origin → route. /ws/* goes to our
// endpoints (token checked there so the browser can read close code 4401); /_next/* (the
// dev HMR socket) is left to the listener Next attaches itself once its token check
// passes; anything else is refused.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { SecurityPolicy } from '../http/security-policy.ts';
import { CloseCode } from '../protocol/index.ts';

export interface UpgradeTarget {
  path: string;
  loopbackOnly: boolean;
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string): void;
}

export function attachUpgradeHandler(
  server: Server,
  options: { policy: SecurityPolicy; endpoints: UpgradeTarget[]; loopbackOnly: boolean; log: Logger; accepting: () => boolean },
): void {
  const byPath = new Map(options.endpoints.map((e) => [e.path, e]));
  const { policy, log } = options;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const reject = (status: number, reason: string) => {
      log.info({ path, status, origin: req.headers.origin }, `websocket refused: ${reason}`);
      refuseHttp(socket, status, reason);
    };

    if (!options.accepting()) return reject(503, 'server is shutting down');
    if (!policy.hostAllowed(req)) return reject(403, 'host not allowed');
    // Cross-site websocket hijacking: a page on another origin must not reach us.
    if (!policy.originAllowed(req)) return reject(403, 'origin not allowed');
    if (!policy.fetchSiteAllowed(req, path)) return reject(403, 'cross-site request not allowed');

    if (path.startsWith('/_next/')) {
      if (!policy.requestAuthenticated(req)) return reject(401, 'missing token');
      return; // Next's own upgrade listener serves it.
    }
    const endpoint = byPath.get(path);
    if (!endpoint) return reject(404, 'no such endpoint');
    if (endpoint.loopbackOnly && !options.loopbackOnly) return reject(403, 'disabled while the server listens beyond localhost');
    if (!policy.requestAuthenticated(req)) {
      log.info({ path }, 'websocket refused: missing token');
      return endpoint.refuse(req, socket, head, CloseCode.unauthorized, 'unauthorized');
    }
    endpoint.accept(req, socket, head);
  });
}

function refuseHttp(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
