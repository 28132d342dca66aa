// Compiles the desktop shell into the folder Electron runs and electron-builder packs:
// dist/desktop/app/ = main.cjs (main process, electron-updater bundled in), preload.cjs and
// splash-preload.cjs (sandboxed preloads must be CommonJS), splash.html, and a package.json
// of its own with no dependencies — so nothing from the project's node_modules lands in
// app.asar (the server ships beside it, in resources/server).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { HOMEPAGE, MAINTAINER, PRODUCT_NAME } from '../product.ts';

export function desktopAppDir(root: string): string {
  return join(root, 'dist', 'desktop', 'app');
}

export async function bundleDesktop(root: string): Promise<string> {
  const desktop = join(root, 'desktop');
  const out = desktopAppDir(root);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: 'node22',
    format: 'cjs' as const,
    outdir: out,
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    legalComments: 'none' as const,
    logLevel: 'warning' as const,
  };
  await build({ ...common, entryPoints: [{ in: join(desktop, 'main.ts'), out: 'main' }] });
  await build({
    ...common,
    entryPoints: [
      { in: join(desktop, 'preload.ts'), out: 'preload' },
      { in: join(desktop, 'splash-preload.ts'), out: 'splash-preload' },
    ],
  });
  copyFileSync(join(desktop, 'splash.html'), join(out, 'splash.html'));

  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; description: string };
  const [, name = PRODUCT_NAME, email] = /^(.*?)\s*<(.+)>$/.exec(MAINTAINER) ?? [];
  const appPackage = {
    name: pkg.name,
    productName: PRODUCT_NAME,
    version: pkg.version,
    description: pkg.description,
    homepage: HOMEPAGE,
    author: { name, email },
    main: 'main.cjs',
    private: true,
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(appPackage, null, 2)}\n`);
  return out;
}
