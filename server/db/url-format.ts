// What each engine's connection-URL reader (db/<engine>/url.ts) is, and the decoding they
// share. connections/connection-url.ts picks the reader by the URL's scheme.
import { BadRequestError } from '../errors.ts';
import type { ParsedConnectionUrl } from '../protocol/index.ts';

/** How one engine's connection URLs are read. */
export interface UrlFormat {
  /** URL schemes, lower case, without the colon. */
  schemes: string[];
  /** Text without a known scheme that is still this engine's (SQLite: a bare file path). */
  readsBare?(text: string): boolean;
  /** Settings and password, or BadRequestError saying what is wrong. */
  parse(text: string): ParsedConnectionUrl;
}

/** Percent-decoding that names the part with a bad escape (never its text: it may be the password). */
export function decodeUrlPart(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new BadRequestError(`The ${part} in the URL has a malformed %-escape: "%" must start an escape such as %40 for "@".`);
  }
}
