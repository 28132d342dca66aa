// Shown to a browser that reaches the server without the launch token (like Jupyter's
// login page): explains where the link is and lets the user paste the token.
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function lockPage(reason: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>DB Toolkit — locked</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { display: grid; place-items: center; min-height: 100vh; margin: 0; }
  main { max-width: 32rem; padding: 2rem; }
  input { width: 100%; padding: .5rem; font: inherit; box-sizing: border-box; }
  button { margin-top: .75rem; padding: .5rem 1rem; font: inherit; }
  code { font-size: .9em; }
</style></head>
<body><main>
  <h1>DB Toolkit is locked</h1>
  <p>${escapeHtml(reason)}</p>
  <p>Open the link the server printed when it started (<code>http://127.0.0.1:&lt;port&gt;/?token=…</code>),
     or paste its token here.</p>
  <form method="post" action="/auth">
    <label for="token">Launch token</label>
    <input id="token" name="token" type="password" autocomplete="off" required autofocus>
    <button type="submit">Unlock</button>
  </form>
</main></body></html>`;
}
