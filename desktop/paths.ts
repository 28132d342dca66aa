// Where the desktop app finds the server and keeps its files, in each way it runs:
//   packaged      <resources>/server/server.mjs, run by Electron's own Node;
//   unpackaged    dist/desktop/app → dist/server/server.mjs (e2e tests, a local build);
//   `npm run desktop`   the dev server (server/index.ts --dev, Next.js hot reload), run by
//                 the project's Node 24, which strips TypeScript types (Electron's need not).
// Data: the server's home is <userData>/data (or DB_TOOLKIT_HOME); its logs folder also
// holds desktop.log, so "Open logs" shows both.
import { join, resolve } from 'node:path';

export interface DesktopEnvironment {
  isPackaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** app.getAppPath(): the folder (or app.asar) holding main.cjs */
  appPath: string;
  /** app.getPath('userData') */
  userData: string;
  env: Record<string, string | undefined>;
}

export interface ServerLocation {
  entry: string;
  args: string[];
  cwd: string;
  /** Set in development: run the server with this Node.js instead of Electron's. */
  nodePath?: string;
}

export interface DesktopPaths {
  home: string;
  logsDir: string;
  desktopLog: string;
  windowStateFile: string;
  secretKeyFile: string;
  icon: string;
  server: ServerLocation;
  dev: boolean;
}

export function desktopPaths(e: DesktopEnvironment): DesktopPaths {
  const home = resolve(e.env.DB_TOOLKIT_HOME || join(e.userData, 'data'));
  const logsDir = join(home, 'logs');
  const devRoot = e.env.DB_TOOLKIT_DESKTOP_DEV;
  let server: ServerLocation;
  let icon: string;
  if (devRoot) {
    server = { entry: join(devRoot, 'server', 'index.ts'), args: ['--dev'], cwd: devRoot, nodePath: e.env.DB_TOOLKIT_DESKTOP_NODE || 'node' };
    icon = join(devRoot, 'public', 'icon.png');
  } else {
    const dir = e.isPackaged ? join(e.resourcesPath, 'server') : resolve(e.appPath, '..', '..', 'server');
    server = { entry: join(dir, 'server.mjs'), args: [], cwd: dir };
    icon = join(dir, 'public', 'icon.png');
  }
  return {
    home,
    logsDir,
    desktopLog: join(logsDir, 'desktop.log'),
    windowStateFile: join(e.userData, 'window-state.json'),
    secretKeyFile: join(e.userData, 'secret-key.bin'),
    icon,
    server,
    dev: Boolean(devRoot),
  };
}
