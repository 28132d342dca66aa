// Who may talk to this server: the Host header must name this server (no DNS rebinding),
// a browser Origin must be this server's own (no cross-site requests or websockets), and
// every call must carry the per-launch token (cookie, or Bearer header for scripts).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces, hostname } from 'node:os';
import { isLoopbackHost } from '../config.ts';

export interface SecurityPolicyOptions {
  token: string;
  port: number;
  bindHost: string;
  extraAllowedHosts: string[];
}

export class SecurityPolicy {
  readonly cookieName: string;
  readonly #token: Buffer;
  readonly #allowedHosts: Set<string>;
  readonly #allowedOrigins: Set<string>;

  constructor(options: SecurityPolicyOptions) {
    // Cookies are not port-scoped: two instances on one machine would overwrite each
    // other's cookie if they shared a name.
    this.cookieName = `dbt_token_${options.port}`;
    this.#token = Buffer.from(options.token);
    this.#allowedHosts = allowedHostHeaders(options);
    this.#allowedOrigins = new Set([...this.#allowedHosts].map((h) => `http://${h}`));
  }

  hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host?.toLowerCase();
    return host !== undefined && this.#allowedHosts.has(host);
  }

  /** Requests without an Origin (curl, the desktop's health check) are not cross-site. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || this.#allowedOrigins.has(origin.toLowerCase());
  }

  /**
   * Fetch metadata, defence in depth beside the Origin check: a browser marks a request
   * from another site — or from another port of 127.0.0.1, which is the "same site" —
   * with Sec-Fetch-Site. Such a request may only be a top-level navigation to a page (a
   * link to the app); never an API call, a websocket or a subresource. Clients that send
   * no fetch metadata (scripts, older browsers) are judged by the other checks.
   */
  fetchSiteAllowed(req: IncomingMessage, path: string): boolean {
    const site = req.headers['sec-fetch-site'];
    if (site === undefined || site === 'same-origin' || site === 'none') return true;
    const navigation = req.headers['sec-fetch-mode'] === 'navigate' && (req.method === 'GET' || req.method === 'HEAD');
    return navigation && !path.startsWith('/api/') && !path.startsWith('/ws/');
  }

  tokenValid(candidate: string | undefined): boolean {
    if (candidate === undefined) return false;
    const given = Buffer.from(candidate);
    return given.length === this.#token.length && timingSafeEqual(given, this.#token);
  }

  requestAuthenticated(req: IncomingMessage): boolean {
    return this.tokenValid(bearerToken(req) ?? cookieValue(req, this.cookieName));
  }

  /** Set-Cookie value that stores the token for the browser session. */
  sessionCookie(token: string): string {
    return `${this.cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`;
  }
}

function allowedHostHeaders({ port, bindHost, extraAllowedHosts }: SecurityPolicyOptions): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::';
  if (wildcard) {
    // Listening everywhere (only on explicit request): accept this machine's own names.
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces())) {
      for (const a of addresses ?? []) names.add(a.family === 'IPv6' ? `[${a.address}]` : a.address);
    }
  } else if (!isLoopbackHost(bindHost)) {
    names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost.toLowerCase());
  }
  const hosts = new Set<string>();
  for (const name of names) hosts.add(`${name}:${port}`);
  for (const extra of extraAllowedHosts) hosts.add(extra.includes(':') ? extra : `${extra}:${port}`);
  return hosts;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
