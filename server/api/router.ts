// The /api/* router, bound to the route table (protocol/routes.ts). A handler is registered
// against a route of the table; it receives the path parameters, query and body already
// validated by the route's schemas, and returns the route's response type, which is sent
// as JSON with the route's status (204 when it has no response). A download route's
// handler writes the response itself. Nothing outside the table can be served.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as z from 'zod';
import { AppError, BadRequestError, NotFoundError, UnsupportedMediaTypeError } from '../errors.ts';
import { readBody } from '../http/read-body.ts';
import { sendJson } from '../http/send.ts';
import { describeIssues, pathSegments, type AnyRoute, type PathParams, type RouteBody, type RouteQuery, type RouteResponseInput } from '../protocol/index.ts';

export interface RouteInput<R extends AnyRoute> {
  params: PathParams<R['path']>;
  query: RouteQuery<R>;
  body: RouteBody<R>;
}

export interface DownloadInput<R extends AnyRoute> extends RouteInput<R> {
  req: IncomingMessage;
  res: ServerResponse;
}

export type RouteHandler<R extends AnyRoute> = R['kind'] extends 'download'
  ? (input: DownloadInput<R>) => Promise<void>
  : R['kind'] extends 'upload'
    ? (input: DownloadInput<R>) => Promise<RouteResponseInput<R>>
    : (input: RouteInput<R>) => RouteResponseInput<R> | Promise<RouteResponseInput<R>>;

interface Served {
  route: AnyRoute;
  segments: string[];
  /** The route's handler, its input type erased once the route is matched. */
  handler: (input: RouteInput<AnyRoute>) => unknown;
}

export class ApiRouter {
  readonly #table: readonly AnyRoute[];
  /** Most specific first: a fixed segment wins over a parameter in the same place. */
  readonly #served: Served[] = [];

  constructor(table: Record<string, AnyRoute>) {
    this.#table = Object.values(table);
  }

  on<R extends AnyRoute>(route: R, handler: RouteHandler<R>): this {
    if (!this.#table.includes(route)) throw new Error(`${route.method} ${route.path} is not in the route table (server/protocol/routes.ts).`);
    if (this.#served.some((s) => s.route === route)) throw new Error(`${route.method} ${route.path} has a handler already.`);
    this.#served.push({ route, segments: pathSegments(route.path), handler: handler as Served['handler'] });
    this.#served.sort((a, b) => specificity(a.segments, b.segments));
    return this;
  }

  /** Routes of the table that nothing serves: start.ts refuses to start while there are any. */
  unserved(): AnyRoute[] {
    return this.#table.filter((route) => !this.#served.some((s) => s.route === route));
  }

  /** Runs the matching route; throws NotFoundError, or a 405 naming the allowed methods. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const parts = decodeSegments(url.pathname);
    const matches = this.#served.flatMap((served) => {
      const params = match(served.segments, parts);
      return params ? [{ served, params }] : [];
    });
    const hit = matches.find((m) => m.served.route.method === req.method);
    if (!hit) {
      if (!matches.length) throw new NotFoundError(`No API endpoint ${req.method} ${url.pathname}.`);
      res.setHeader('Allow', [...new Set(matches.map((m) => m.served.route.method))].join(', '));
      throw new AppError('method_not_allowed', `${req.method} is not supported on ${url.pathname}.`, 405);
    }
    const { route, handler } = hit.served;
    const input = {
      params: validate(route.params, hit.params, 'Path'),
      query: route.query ? validate(route.query, queryParams(url), 'Query') : undefined,
      body: route.body ? validate(route.body, await readRouteBody(req, res, route), 'Request body') : undefined,
    } as RouteInput<AnyRoute>;
    if (route.kind === 'download') {
      const download: DownloadInput<AnyRoute> = { ...input, req, res };
      await handler(download);
      return;
    }
    if (route.kind === 'upload') checkUploadType(req, route);
    const result = await handler((route.kind === 'upload' ? { ...input, req, res } : input) as RouteInput<AnyRoute>);
    if (route.status === 204) res.writeHead(204).end();
    else sendJson(res, route.status, result);
  }
}

function specificity(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const aParam = a[i]!.startsWith(':');
    if (aParam !== b[i]!.startsWith(':')) return aParam ? 1 : -1;
  }
  return 0;
}

function decodeSegments(pathname: string): string[] {
  return pathSegments(pathname).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new BadRequestError(`The path has a malformed %-escape in "${segment.slice(0, 100)}": "%" must start an escape such as %20.`);
    }
  });
}

/**
 * The query string's parameters. URLSearchParams keeps a malformed %-escape as text and the
 * last of a repeated key: both are refused (400) instead, like a malformed path.
 */
function queryParams(url: URL): Record<string, string> {
  for (const part of url.search.slice(1).split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw new BadRequestError(`The query string has a malformed %-escape in "${part.slice(0, 100)}": "%" must start an escape such as %20.`);
    }
  }
  const params: Record<string, string> = Object.create(null);
  for (const [key, value] of url.searchParams) {
    if (Object.hasOwn(params, key)) throw new BadRequestError(`The query string gives "${key.slice(0, 100)}" more than once.`);
    params[key] = value;
  }
  return params;
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

function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BadRequestError(`${what} is invalid.`, describeIssues(parsed.error.issues));
  return parsed.data;
}

/** Raw bytes, declared as such: a cross-site form cannot send this type without asking. */
function checkUploadType(req: IncomingMessage, route: AnyRoute): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/octet-stream') {
    throw new UnsupportedMediaTypeError(`${route.method} ${route.path} takes the file's bytes (Content-Type: application/octet-stream); got ${type ? `"${type.slice(0, 100)}"` : 'no Content-Type'}.`);
  }
}

/**
 * JSON, checked to be declared as JSON: a text/plain body is what a cross-site form can
 * send without asking, so it is refused (415). A download route also takes a plain form
 * post, which is how the browser is made to save the response as a file.
 */
async function readRouteBody(req: IncomingMessage, res: ServerResponse, route: AnyRoute): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const form = route.kind === 'download' && type === 'application/x-www-form-urlencoded';
  if (type !== 'application/json' && !form) {
    const wanted = route.kind === 'download' ? 'a form post or JSON' : 'JSON (Content-Type: application/json)';
    throw new UnsupportedMediaTypeError(`${route.method} ${route.path} takes ${wanted}; got ${type ? `"${type.slice(0, 100)}"` : 'no Content-Type'}.`);
  }
  const text = (await readBody(req, res, route.maxBodyBytes)).toString('utf8');
  if (form) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text || 'null');
  } catch {
    throw new BadRequestError('Request body is not valid JSON.');
  }
}
