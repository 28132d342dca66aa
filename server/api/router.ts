// A deliberately small router for /api/*: method + path pattern with :params. Handlers
// return a JSON-able value (200) or throw an AppError; body parsing validates with zod.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { BadRequestError, NotFoundError, AppError, describeIssues } from '../errors.ts';
import { sendJson } from '../http/send.ts';

export interface ApiContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  url: URL;
}
export type ApiHandler = (ctx: ApiContext) => unknown | Promise<unknown>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Route {
  method: Method;
  segments: string[];
  handler: ApiHandler;
}

export class ApiRouter {
  readonly #routes: Route[] = [];

  add(method: Method, pattern: string, handler: ApiHandler): this {
    this.#routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** Runs the matching route; throws NotFoundError (or 405 as AppError) when none. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    let pathMatched = false;
    for (const route of this.#routes) {
      const params = match(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== req.method) continue;
      const result = await route.handler({ req, res, params, url });
      if (res.headersSent) return; // the handler streamed its own response
      if (result === undefined) res.writeHead(204).end();
      else sendJson(res, res.statusCode, result); // a handler may set e.g. 201 first
      return;
    }
    if (pathMatched) throw new AppError('method_not_allowed', `${req.method} is not supported on ${url.pathname}.`, 405);
    throw new NotFoundError(`No API endpoint ${req.method} ${url.pathname}.`);
  }
}

function match(segments: string[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.startsWith(':')) params[segment.slice(1)] = parts[i]!;
    else if (segment !== parts[i]) return undefined;
  }
  return params;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a JSON body (bounded) and validates it; bad input becomes a 400 naming the problem. */
export async function readJsonBody<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AppError('payload_too_large', `Request body exceeds ${MAX_BODY_BYTES} bytes.`, 413);
    chunks.push(chunk);
  }
  let data: unknown;
  try {
    data = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new BadRequestError('Request body is not valid JSON.');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new BadRequestError('Request body is invalid.', describeIssues(parsed.error.issues));
  return parsed.data;
}
