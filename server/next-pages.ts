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

export interface NextPagesOptions {
  dev: boolean;
  dir: string;
  hostname: string;
  port: number;
  httpServer: Server;
}

/** Throws StartupError when a production start has no build to serve (checked before announcing). */
export function checkNextBuild(options: NextPagesOptions): void {
  if (!options.dev && !existsSync(buildConfigFile(options.dir))) throw new StartupError(`No production build found in ${options.dir}. Run "npm run build" first.`);
}

export async function prepareNextPages(options: NextPagesOptions): Promise<NextPages> {
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
  const { config } = JSON.parse(readFileSync(buildConfigFile(dir), 'utf8')) as { config: unknown };
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
}

function buildConfigFile(dir: string): string {
  return join(dir, '.next', 'required-server-files.json');
}
