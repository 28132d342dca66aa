// The wire format every websocket endpoint shares. Isomorphic: no Node imports, because
// app/ bundles this module for the browser and server/ validates with the same schemas.
import * as z from 'zod';

/** Correlates a reply with the request that caused it; chosen by the client. */
export const RequestId = z.string().min(1).max(64);

/** Close codes outside the 1000-range that our endpoints use. */
export const CloseCode = {
  /** Normal close when the server shuts down (RFC 6455 "going away"). */
  goingAway: 1001,
  /** The upgrade carried no valid launch token: reconnecting will not help. */
  unauthorized: 4401,
} as const;

/**
 * Machine-readable error codes. The common ones are listed; features add their own
 * (e.g. "query_failed"), so the wire type stays an open string.
 */
export type ErrorCode =
  | 'bad_json'
  | 'bad_message'
  | 'unknown_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'internal'
  | (string & {});

export const ErrorMessage = z.object({
  type: z.literal('error'),
  id: RequestId.optional(),
  code: z.string(),
  message: z.string(),
  /** For bad_message: which fields were wrong, as "path: problem" lines. */
  issues: z.array(z.string()).optional(),
});
export type ErrorMessage = z.infer<typeof ErrorMessage>;

/** Application-level keepalive: browsers cannot see protocol ping frames, so the client asks. */
export const PingMessage = z.object({ type: z.literal('ping'), id: RequestId });
export const PongMessage = z.object({ type: z.literal('pong'), id: RequestId });

/** Sent by every endpoint right after the connection opens. */
export const HelloMessage = z.object({
  type: z.literal('hello'),
  endpoint: z.string(),
  version: z.string(),
  serverStartedAt: z.string(),
});
export type HelloMessage = z.infer<typeof HelloMessage>;

/** Messages every endpoint understands besides its own. */
export const commonClientMessages = [PingMessage] as const;
export const commonServerMessages = [ErrorMessage, PongMessage, HelloMessage] as const;
