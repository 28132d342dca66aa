// The standalone build has no next.config.ts to load: next-pages.ts hands Next.js the
// config that `next build` recorded, through a Next.js internal (the variable Next's own
// standalone server.js sets). This guards that reliance from outside, on the built server:
// the pages are served, and a setting of next.config.ts is in force — `images.unoptimized`,
// so the image optimizer's route does not exist (under Next's default config the same
// URL is answered by the optimizer, with a 400 for an SVG).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer, type ServerProcess } from './testing/server-process.ts';

let server: ServerProcess;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

test('the built server renders the app\'s pages', async () => {
  const res = await server.fetch('/connections');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await res.text(), /<html/);
});

test('next.config.ts is in force without being loaded: no image optimizer (images.unoptimized)', async () => {
  const res = await server.fetch('/_next/image?url=%2Ficon.svg&w=64&q=75');
  assert.equal(res.status, 404, await res.text());
});
