// Small response writers shared by the router and API handlers.
import type { ServerResponse } from 'node:http';
import { AppError, BadRequestError } from '../errors.ts';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

/** The one place an error becomes an HTTP response. Unknown errors are not described. */
export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof AppError) {
    const issues = error instanceof BadRequestError ? error.issues : undefined;
    sendJson(res, error.status, { error: { code: error.code, message: error.message, ...(issues ? { issues } : {}) } });
    return;
  }
  sendJson(res, 500, { error: { code: 'internal', message: 'Internal server error; see the server log for details.' } });
}
