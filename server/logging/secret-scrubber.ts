// Last line of defence for "secrets never reach logs": every serialized log line passes
// through here before any destination sees it, so even a secret that slipped into a
// message string or an error stack is replaced.
const REPLACEMENT = '[redacted]';
const MIN_SECRET_LENGTH = 4; // shorter values would blank out ordinary words

export class SecretScrubber {
  readonly #secrets = new Set<string>();
  #pattern: RegExp | undefined;

  add(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH) return;
    // Lines are JSON, so a secret containing quotes or backslashes appears escaped.
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) {
      this.#secrets.add(form);
    }
    const alternatives = [...this.#secrets]
      .sort((a, b) => b.length - a.length)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.#pattern = new RegExp(alternatives.join('|'), 'g');
  }

  scrub(text: string): string {
    return this.#pattern ? text.replace(this.#pattern, REPLACEMENT) : text;
  }
}
