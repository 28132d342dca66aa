// Typed calls to the server's REST API (same origin; the session cookie carries the token).
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: string[];
  constructor(status: number, code: string, message: string, issues: string[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive: method !== 'GET' && JSON.stringify(body ?? '').length < 60_000, // let saves finish while the page unloads
    });
  } catch {
    throw new ApiError(0, 'offline', 'The server cannot be reached.');
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; issues?: string[] } }).error;
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `Request failed (HTTP ${res.status}).`, error?.issues);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  delete: <T = void>(path: string) => call<T>('DELETE', path),
};

/** "Request body is invalid: name: Name is required" — a one-line message for the UI. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.issues.length ? `${error.message} ${error.issues.join('; ')}` : error.message;
  return error instanceof Error ? error.message : String(error);
}
