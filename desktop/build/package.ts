// `npm run package` (this OS) and `npm run package:linux|win|mac`: builds the production
// server, bundles the shell, and runs electron-builder with desktop/electron-builder.config.ts.
// Extra arguments go to electron-builder, e.g. an unpacked app only, offline:
//   npm run package:linux -- --dir -c.electronDist=/path/to/electron-v45-linux-x64
//
// Installers are built on the OS they are for: the server's native modules in dist/server
// are the ones compiled for this machine.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bundleDesktop } from './bundle.ts';

const root = join(import.meta.dirname, '..', '..');
const TARGET_FLAGS: Record<string, NodeJS.Platform> = { '--linux': 'linux', '--win': 'win32', '--mac': 'darwin' };

const args = process.argv.slice(2);
const target = args.map((arg) => TARGET_FLAGS[arg]).find(Boolean) ?? process.platform;
if (target !== process.platform) {
  console.error(`✖ Build the ${target} installers on ${target}: dist/server holds native modules compiled for ${process.platform}.`);
  process.exit(1);
}

function run(command: string, commandArgs: string[]): void {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, [join(root, 'scripts', 'build.ts')]);
await bundleDesktop(root);
run(process.execPath, [join(root, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'desktop/electron-builder.config.ts', '--publish', 'never', ...args]);
