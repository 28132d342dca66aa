// Where the main window may go: only the server's own origin. Everything else is either
// opened in the user's browser (web and mail links) or refused.

/** True when `url` is on `origin` (scheme, host and port all equal). */
export function isSameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

/** Links handed to the operating system's browser or mail client. */
export function opensExternally(url: string): boolean {
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** The link that signs the window in: the server swaps the token for a cookie and redirects to `/`. */
export function handOffUrl(origin: string, token: string): string {
  return `${origin}/?token=${encodeURIComponent(token)}`;
}
