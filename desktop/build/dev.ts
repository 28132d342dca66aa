// `npm run desktop`: the desktop app in development. Bundles the shell, then runs Electron
// with it; the shell starts the dev server (server/index.ts --dev, Next.js hot reload for
// app/) with the project's Node 24 instead of the production build. Changes in app/ show up
// live; after a change in server/ use File → Restart Server; after one in desktop/, run
// this again.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { bundleDesktop } from './bundle.ts';
import { findElectron } from './electron-binary.ts';

const root = join(import.meta.dirname, '..', '..');
const electron = findElectron(root);
if ('missing' in electron) {
  console.error(`✖ Cannot run the desktop app: ${electron.missing}`);
  process.exit(1);
}
const appDir = await bundleDesktop(root);
const child = spawn(electron.path, [appDir, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, DB_TOOLKIT_DESKTOP_DEV: root, DB_TOOLKIT_DESKTOP_NODE: process.execPath, NEXT_TELEMETRY_DISABLED: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
