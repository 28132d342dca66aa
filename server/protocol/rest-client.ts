// Calls a JSON route of the table (routes.ts): the URL is built from the route, the body
// sent as JSON, and the answer checked against the route's response schema — so a server
// that answers something else gives a clear error instead of a UI that quietly misreads
// it. The UI uses it against its own origin; tests against a server started for them.
import { describeIssues } from './issues.ts';
import { routeUrl, type AnyRoute, type JsonRoute, type UploadRoute, type PathParamNames, type PathParams, type RouteBodyInput, type RouteQueryInput, type RouteResponse } from './route.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: string[];
  constructor(status: number, code: string, message: string, issues: string[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** `params` when the path has any; `query` when the route takes one; `body` when it takes one. */
export type CallInput<R extends JsonRoute | UploadRoute> = ([PathParamNames<R['path']>] extends [never] ? { params?: undefined } : { params: PathParams<R['path']> }) &
  (R['query'] extends undefined ? { query?: undefined } : {} extends RouteQueryInput<R> ? { query?: RouteQueryInput<R> } : { query: RouteQueryInput<R> }) &
  (R['body'] extends undefined ? { body?: undefined } : { body: RouteBodyInput<R> });

type CallArgs<R extends JsonRoute> = {} extends CallInput<R> ? [input?: CallInput<R>] : [input: CallInput<R>];

export interface ApiClientOptions {
  /** Origin of the server; none for the page's own. */
  baseUrl?: string;
  /** Sent with every call (e.g. a test's Authorization and Origin). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/** Beyond this, a save cannot use `keepalive` (browsers cap those bodies at 64 KB in total). */
const KEEPALIVE_MAX_CHARS = 60_000;

export function createApiClient(options: ApiClientOptions = {}) {
  const send = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  return {
    async call<R extends JsonRoute>(route: R, ...[input]: CallArgs<R>): Promise<RouteResponse<R>> {
      const { params, query, body } = (input ?? {}) as { params?: PathParams<string>; query?: RouteQueryInput<R>; body?: unknown };
      const url = routeUrl(route, params ?? {}, query);
      const text = body === undefined ? undefined : JSON.stringify(body);
      let res: Response;
      try {
        res = await send((options.baseUrl ?? '') + url, {
          method: route.method,
          headers: { ...options.headers, ...(text === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: text,
          // Lets a save finish while the page unloads.
          keepalive: route.method !== 'GET' && (text?.length ?? 0) < KEEPALIVE_MAX_CHARS,
        });
      } catch {
        throw new ApiError(0, 'offline', 'The server cannot be reached.');
      }
      return answer(route, res);
    },

    /** Streams `data` (a File, Blob or bytes) as the body of an upload route. */
    async upload<R extends UploadRoute>(route: R, input: Omit<CallInput<R>, 'body'>, data: Blob | Uint8Array<ArrayBuffer>): Promise<RouteResponse<R>> {
      const { params, query } = input as { params?: PathParams<string>; query?: RouteQueryInput<R> };
      let res: Response;
      try {
        res = await send((options.baseUrl ?? '') + routeUrl(route, params ?? {}, query), {
          method: route.method,
          headers: { ...options.headers, 'Content-Type': 'application/octet-stream' },
          body: data,
        });
      } catch {
        throw new ApiError(0, 'offline', 'The server cannot be reached (or the upload was cut off).');
      }
      return answer(route, res);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The route's answer, checked against its response schema; an error answer as ApiError. */
async function answer<R extends AnyRoute>(route: R, res: Response): Promise<RouteResponse<R>> {
  const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; issues?: string[] } } | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `Request failed (HTTP ${res.status}).`, error?.issues);
  }
  if (!route.response) return undefined as RouteResponse<R>;
  const parsed = route.response.safeParse(data);
  if (!parsed.success) {
    throw new ApiError(res.status, 'bad_response', `The server's answer to ${route.method} ${route.path} is not what this page expects; reload the page.`, describeIssues(parsed.error.issues));
  }
  return parsed.data as RouteResponse<R>;
}

