// The React UI (app/) served by Next.js on our own http.Server: `next dev` with HMR in
// development, the standalone production build otherwise.
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { StartupError } from './errors.ts';

export interface NextPages {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

export async function prepareNextPages(options: { dev: boolean; dir: string; hostname: string; port: number; httpServer: Server }): Promise<NextPages> {
  if (!options.dev) useBuildConfig(options.dir);
  // next is CommonJS: its default import *is* module.exports (createServer), while its type
  // declarations describe an ES module whose `default` member is that function.
  const next = (await import('next')).default as unknown as typeof import('next').default;
  const app = next({ dev: options.dev, dir: options.dir, hostname: options.hostname, port: options.port, httpServer: options.httpServer });
  await app.prepare();
  const handle = app.getRequestHandler();
  return {
    handle: (req, res) => handle(req, res),
    close: () => app.close(),
  };
}

// A standalone build has no next.config.ts to load (and no TypeScript to load it with).
// `next build` records the resolved config in required-server-files.json, and Next's own
// standalone server.js hands it over through this variable; we do the same.
// next-pages.test.ts guards this reliance on a Next.js internal.
function useBuildConfig(dir: string): void {
  const file = join(dir, '.next', 'required-server-files.json');
  if (!existsSync(file)) throw new StartupError(`No production build found in ${dir}. Run "npm run build" first.`);
  const { config } = JSON.parse(readFileSync(file, 'utf8')) as { config: unknown };
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
}
