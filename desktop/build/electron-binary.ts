// Where Electron's executable is, or why it is not there. The `electron` npm package
// downloads its binary on first use — impossible offline — so we look before running it:
// ELECTRON_OVERRIDE_DIST_PATH (an unpacked Electron distribution), else the package's own
// download in node_modules/electron/dist.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXECUTABLE: Record<string, string> = { linux: 'electron', win32: 'electron.exe', darwin: 'Electron.app/Contents/MacOS/Electron' };

export function findElectron(root: string): { path: string } | { missing: string } {
  const pkg = join(root, 'node_modules', 'electron');
  const version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const pathFile = join(pkg, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : (EXECUTABLE[process.platform] ?? 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override ? join(override, executable) : join(pkg, 'dist', executable);
  if (existsSync(path)) return { path };
  return {
    missing: override
      ? `ELECTRON_OVERRIDE_DIST_PATH is set, but ${path} does not exist.`
      : `Electron's binary is not installed (${path} is missing). With network access run "node node_modules/electron/install.js"; offline, unpack electron-v${version}-${process.platform}-${process.arch}.zip somewhere and set ELECTRON_OVERRIDE_DIST_PATH to that folder.`,
  };
}
