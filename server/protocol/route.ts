// How a REST route is declared, once, for both ends: the server's router validates what
// comes in against it and makes each handler return its response type; the UI's client
// builds the URL and checks the answer with it. Isomorphic: no Node imports.
import * as z from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * `json`: a JSON body in (if the route takes one), a JSON answer out.
 * `download`: a form post (or JSON) in, a file streamed out that the browser saves.
 * `upload`: raw bytes in (application/octet-stream), streamed by the handler itself up to
 * `maxBodyBytes`; a JSON answer out.
 */
export type RouteKind = 'json' | 'download' | 'upload';

/** Bodies above this are refused with 413 unless the route sets its own `maxBodyBytes`. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The names of a path template's `:param` segments, as a union. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type PathParams<P extends string> = { [K in PathParamNames<P>]: string };

type Schema = z.ZodType | undefined;
/** Query strings are flat: one text value per key. */
type QuerySchema = z.ZodObject | undefined;

export interface RouteSpec<M extends HttpMethod, P extends string, Q extends QuerySchema, B extends Schema, R extends Schema, K extends RouteKind> {
  method: M;
  /** `/api/…` with `:name` for each path parameter. */
  path: P;
  /** Stricter checks for some path parameters; the others are any non-empty text. */
  params?: Partial<Record<PathParamNames<P>, z.ZodType<string, string>>>;
  /** Query-string parameters. Values arrive as text: numbers use `z.coerce.number<number>()`. */
  query?: Q;
  body?: B;
  /** The JSON answer; a JSON route without one answers 204 No Content. */
  response?: R;
  /** 201 for a route that creates something; 200 otherwise. */
  status?: 200 | 201;
  kind?: K;
  maxBodyBytes?: number;
}

export interface Route<
  M extends HttpMethod = HttpMethod,
  P extends string = string,
  Q extends QuerySchema = QuerySchema,
  B extends Schema = Schema,
  R extends Schema = Schema,
  K extends RouteKind = RouteKind,
> {
  readonly method: M;
  readonly path: P;
  /** Validates the decoded path parameters (typed by `PathParams<P>`). */
  readonly params: z.ZodType;
  readonly query: Q;
  readonly body: B;
  readonly response: R;
  readonly status: 200 | 201 | 204;
  readonly kind: K;
  readonly maxBodyBytes: number;
}

export type AnyRoute = Route;
export type JsonRoute = Route<HttpMethod, string, QuerySchema, Schema, Schema, 'json'>;
export type UploadRoute = Route<HttpMethod, string, QuerySchema, undefined, Schema, 'upload'>;

const PathParam = z.string().min(1).max(1024);

export function route<const M extends HttpMethod, const P extends string, Q extends QuerySchema = undefined, B extends Schema = undefined, R extends Schema = undefined, K extends RouteKind = 'json'>(
  spec: RouteSpec<M, P, Q, B, R, K>,
): Route<M, P, Q, B, R, K> {
  const checks = (spec.params ?? {}) as Record<string, z.ZodType<string, string>>;
  const names = pathSegments(spec.path).filter((s) => s.startsWith(':')).map((s) => s.slice(1));
  return {
    method: spec.method,
    path: spec.path,
    params: z.object(Object.fromEntries(names.map((name) => [name, checks[name] ?? PathParam]))),
    query: spec.query as Q,
    body: spec.body as B,
    response: spec.response as R,
    status: spec.response === undefined && spec.kind !== 'download' ? 204 : (spec.status ?? 200),
    kind: (spec.kind ?? 'json') as K,
    maxBodyBytes: spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  };
}

type Input<S> = S extends z.ZodType ? z.input<S> : undefined;
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a caller sends: path parameters, query and body as the schemas accept them. */
export type RouteQueryInput<R extends AnyRoute> = Input<R['query']>;
export type RouteBodyInput<R extends AnyRoute> = Input<R['body']>;
/** What a handler receives, validated (defaults filled in, text coerced). */
export type RouteQuery<R extends AnyRoute> = Output<R['query']>;
export type RouteBody<R extends AnyRoute> = Output<R['body']>;
/** What a handler must return (the wire form), and what a caller gets back. */
export type RouteResponseInput<R extends AnyRoute> = R['response'] extends z.ZodType ? z.input<R['response']> : void;
export type RouteResponse<R extends AnyRoute> = R['response'] extends z.ZodType ? z.output<R['response']> : void;

export function pathSegments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** The URL of a route: parameters encoded into the path, defined query values appended. */
export function routeUrl<R extends AnyRoute>(route: R, params: PathParams<R['path']>, query?: RouteQueryInput<R>): string {
  const values = params as Record<string, string>;
  const path = route.path.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => encodeURIComponent(values[name]!));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
