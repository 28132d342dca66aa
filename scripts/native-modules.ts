// Native modules cannot be bundled: the build copies each one's run-time files (its JS and
// the compiled binary for this platform) into dist/server/node_modules. Both are Node-API
// modules, so the same binary loads in Node 24 and in Electron's Node.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const platform = `${process.platform}-${process.arch}`;

/** Package → the paths inside it that are needed at run time. */
export const NATIVE_MODULES: Record<string, string[]> = {
  'better-sqlite3': ['package.json', 'lib', `prebuilds/${platform}.node`, `prebuilds/linuxmusl-${process.arch}.node`, 'build/Release/better_sqlite3.node'],
  'node-pty': ['package.json', 'lib', 'build/Release/pty.node', 'build/Release/spawn-helper', `prebuilds/${platform}`],
};

const skip = (path: string) => /\.(test\.js|map|d\.ts)$/.test(path);

export function copyNativeModules(root: string, outNodeModules: string): void {
  for (const [name, paths] of Object.entries(NATIVE_MODULES)) {
    const from = join(root, 'node_modules', name);
    if (!existsSync(from)) throw new Error(`${name} is not installed; run npm ci.`);
    for (const path of paths) {
      const source = join(from, path);
      if (!existsSync(source)) continue; // e.g. no spawn-helper on Linux
      const target = join(outNodeModules, name, path);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(source, target, { recursive: true, filter: (src) => !skip(src) });
    }
  }
}
