// The order every HTTP request goes through: Host check → /status → fetch metadata
// (Sec-Fetch-Site) → token hand-off → Origin check → token → /api router or the Next.js pages. Nothing reaches Next or the
// API without passing the checks above it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ApiRouter } from '../api/router.ts';
import { AppError, ForbiddenError, UnauthorizedError } from '../errors.ts';
import type { Health } from '../health.ts';
import { lockPage, sameOriginPath } from './lock-page.ts';
import { readBody } from './read-body.ts';
import type { SecurityPolicy } from './security-policy.ts';
import { sendError, sendHtml, sendJson } from './send.ts';

export type PageHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface RequestHandlerDeps {
  policy: SecurityPolicy;
  health: Health;
  api: ApiRouter;
  log: Logger;
  /** Resolves to Next's handler once Next is prepared. */
  pages: () => Promise<PageHandler>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_TOKEN_FORM_BYTES = 4096;

export function createRequestHandler(deps: RequestHandlerDeps) {
  const { policy, health, api, log } = deps;

  return async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    setSecurityHeaders(res);
    try {
      if (!policy.hostAllowed(req)) {
        throw new ForbiddenError(`Host "${req.headers.host ?? ''}" is not allowed; use http://127.0.0.1:<port>/.`);
      }
      if (url.pathname === '/status' && (req.method === 'GET' || req.method === 'HEAD')) {
        const snapshot = health.snapshot();
        sendJson(res, snapshot.status === 'starting' ? 503 : 200, snapshot);
        return;
      }
      if (!policy.fetchSiteAllowed(req, url.pathname)) {
        throw new ForbiddenError(`Requests from another site (Sec-Fetch-Site: ${req.headers['sec-fetch-site']}) are not allowed.`);
      }
      if (url.searchParams.has('token') && req.method === 'GET') {
        return tokenHandOff(req, res, url);
      }
      if (!SAFE_METHODS.has(req.method ?? 'GET') && !policy.originAllowed(req)) {
        throw new ForbiddenError(`Requests from origin "${req.headers.origin}" are not allowed.`);
      }
      if (url.pathname === '/auth' && req.method === 'POST') {
        return await formLogin(req, res);
      }
      if (!policy.requestAuthenticated(req)) {
        if (url.pathname.startsWith('/api/')) throw new UnauthorizedError();
        // 200, not 401: the lock page is what this address shows until the token is given, so
        // a visit puts no failed request in the browser console. Unlocking lands on the page
        // asked for (or on ?next=, a path on this server).
        const next = url.searchParams.has('next') ? sameOriginPath(url.searchParams.get('next')) : sameOriginPath(url.pathname + url.search);
        sendHtml(res, 200, lockPage('This page needs the launch token.', next));
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        await api.handle(req, res, url);
      } else {
        const pages = await deps.pages();
        await pages(req, res);
      }
    } catch (error) {
      if (!(error instanceof AppError)) log.error({ err: error, path: url.pathname }, 'request failed');
      sendError(res, error);
    } finally {
      if (url.pathname.startsWith('/api/') || res.statusCode >= 400) {
        // Path only: the query string may carry the token.
        log.debug({ method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'http');
      }
    }
  };

  // GET /anything?token=… : the link printed at start. Store the token in a cookie and
  // redirect to the same URL without it, so it leaves the address bar and history.
  function tokenHandOff(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const token = url.searchParams.get('token') ?? '';
    if (!policy.tokenValid(token)) {
      url.searchParams.delete('token');
      sendHtml(res, 401, lockPage('The token in that link is not valid for this server (it changes at every start).', sameOriginPath(url.pathname + url.search)));
      return;
    }
    url.searchParams.delete('token');
    res.writeHead(302, { Location: url.pathname + url.search, 'Set-Cookie': policy.sessionCookie(token) });
    res.end();
  }

  async function formLogin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, res, MAX_TOKEN_FORM_BYTES);
    const form = new URLSearchParams(body.toString('utf8'));
    const token = form.get('token')?.trim() ?? '';
    const next = sameOriginPath(form.get('next'));
    if (!policy.tokenValid(token)) {
      sendHtml(res, 401, lockPage('That token is not valid for this server.', next));
      return;
    }
    res.writeHead(303, { Location: next, 'Set-Cookie': policy.sessionCookie(token) });
    res.end();
  }
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The token link must never leak to another site through Referer. (Not "no-referrer":
  // with it, browsers send "Origin: null" on our own form posts.)
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
}
