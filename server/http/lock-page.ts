// Shown to a browser that reaches the server without the launch token (like Jupyter's
// login page): explains where the link is and lets the user paste the token. Styled like
// the app (its colours, light and dark by the same theme choice), self-contained (no
// request of its own, not even a favicon), and it carries the page that was asked for, so
// unlocking lands there.
import { THEME_BOOT_SCRIPT } from '../protocol/index.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * `next` if it is a path on this server (`/sql?x=1`), else "/": never another origin
 * (`//evil.example`, `/\evil.example`, `https://…`), so the form cannot become an open redirect.
 */
export function sameOriginPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  try {
    const base = 'http://lock.invalid';
    const url = new URL(next, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}

const ICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 1l7 7-7 7-7-7z" fill="#2563d9"/></svg>')}`;

export function lockPage(reason: string, next: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>DB Toolkit — locked</title>
<link rel="icon" href="${ICON}">
<script>${THEME_BOOT_SCRIPT}</script>
<style>
  :root { color-scheme: light; --bg: #ffffff; --bg-subtle: #f5f6f8; --border: #dde0e6; --text: #1d2129; --text-muted: #5f6878; --accent: #2563d9; --on-accent: #ffffff; --error: #c8303b; }
  :root[data-theme='dark'] { color-scheme: dark; --bg: #16181d; --bg-subtle: #1d2027; --border: #2e333d; --text: #e3e6eb; --text-muted: #979fad; --accent: #6b9bfa; --on-accent: #0b0d12; --error: #f07880; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg-subtle); color: var(--text); font: 13px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
  main { width: min(28rem, calc(100vw - 2rem)); padding: 24px 28px; background: var(--bg); border: 1px solid var(--border); border-radius: 8px; box-shadow: 0 8px 30px rgb(0 0 0 / .08); }
  .brand { font-weight: 600; font-size: 14px; margin-bottom: 14px; }
  .brand span { color: var(--accent); }
  h1 { font-size: 18px; margin: 0 0 8px; }
  p { margin: 0 0 10px; color: var(--text-muted); }
  .reason { color: var(--text); }
  code { font: 12px ui-monospace, 'SF Mono', Menlo, Consolas, monospace; background: var(--bg-subtle); border: 1px solid var(--border); border-radius: 3px; padding: 0 3px; }
  label { display: block; font-weight: 500; margin: 14px 0 4px; }
  input { width: 100%; padding: 6px 8px; font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--border); border-radius: 4px; }
  input:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
  button { margin-top: 12px; padding: 5px 14px; font: inherit; font-weight: 500; color: var(--on-accent); background: var(--accent); border: 1px solid var(--accent); border-radius: 4px; cursor: pointer; }
  button:hover { filter: brightness(1.1); }
</style></head>
<body><main>
  <div class="brand"><span aria-hidden="true">◆</span> DB Toolkit</div>
  <h1>DB Toolkit is locked</h1>
  <p class="reason">${escapeHtml(reason)}</p>
  <p>Open the link the server printed when it started (<code>http://127.0.0.1:&lt;port&gt;/?token=…</code>),
     or paste its token here.</p>
  <form method="post" action="/auth">
    <input type="hidden" name="next" value="${escapeHtml(next)}">
    <label for="token">Launch token</label>
    <input id="token" name="token" type="password" autocomplete="off" required autofocus>
    <button type="submit">Unlock</button>
  </form>
</main></body></html>`;
}
