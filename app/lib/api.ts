// The server's REST API, called through its route table (server/protocol/routes.ts) on
// this page's origin; the session cookie carries the token. Every answer is checked
// against the route's schema: `await api.call(routes.updateConnection, { params: { id }, body })`.
import { ApiError, createApiClient } from '../../server/protocol/index.ts';

export const api = createApiClient();

/** "Request body is invalid: name: Name is required" — a one-line message for the UI. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.issues.length ? `${error.message} ${error.issues.join('; ')}` : error.message;
  return error instanceof Error ? error.message : String(error);
}
