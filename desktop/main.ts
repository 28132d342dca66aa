// Electron main process. Only the sequence lives here — single-instance lock → splash →
// supervisor (settings by environment: port, token, home, password key) → wait until the
// server is healthy → main window — plus the wiring of what happens afterwards (restarts,
// failures, quit). Each step is a small module of its own.
import { join } from 'node:path';
import { app, dialog, shell, type BrowserWindow } from 'electron';
import { DesktopLog } from './desktop-log.ts';
import type { SidecarError } from './errors.ts';
import { askAfterFailure } from './failure-dialog.ts';
import { handleBridge } from './ipc.ts';
import { electronKeychain } from './keychain.ts';
import { createMainWindow, focus, followServer, showServer } from './main-window.ts';
import { installMenu } from './menu.ts';
import { logProcessMetrics } from './metrics.ts';
import { desktopPaths } from './paths.ts';
import { PRODUCT_NAME } from './product.ts';
import { loadOrCreateSecretKey } from './secret-key.ts';
import { nodeLauncher } from './sidecar-process.ts';
import { openSplash, type Splash } from './splash.ts';
import { ServerSupervisor, type ServerReady } from './supervisor.ts';
import { startAutoUpdates } from './updater.ts';
import { utilityLauncher } from './utility-launcher.ts';

// A separate profile — for tests, for side-by-side setups, and for `npm run desktop`, which
// must not share data or the single-instance lock with an installed copy. Before the lock.
if (process.env.DB_TOOLKIT_USER_DATA) app.setPath('userData', process.env.DB_TOOLKIT_USER_DATA);
else if (process.env.DB_TOOLKIT_DESKTOP_DEV) app.setPath('userData', join(app.getPath('appData'), `${PRODUCT_NAME} Dev`));

if (!app.requestSingleInstanceLock()) {
  app.quit(); // the first instance gets 'second-instance' and comes to the front
} else {
  run().catch((error: Error) => {
    dialog.showErrorBox(PRODUCT_NAME, `${PRODUCT_NAME} could not start: ${error.message}`);
    app.exit(1);
  });
}

async function run(): Promise<void> {
  let mainWindow: BrowserWindow | undefined;
  let splash: Splash | undefined;
  app.on('second-instance', () => focus(mainWindow ?? splash?.window));
  await app.whenReady();
  const paths = desktopPaths({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath(), userData: app.getPath('userData'), env: process.env });
  app.setAppLogsPath(paths.logsDir);
  const desktopLog = new DesktopLog(paths.desktopLog);
  const log = (line: string) => desktopLog.write(line);
  log(`[desktop] ${PRODUCT_NAME} ${app.getVersion()} starting (Electron ${process.versions.electron}, ${process.platform}-${process.arch}, data in ${paths.home})`);

  const supervisor = new ServerSupervisor({
    entry: paths.server.entry,
    args: paths.server.args,
    cwd: paths.server.cwd,
    home: paths.home,
    launcher: paths.server.nodePath ? nodeLauncher(paths.server.nodePath) : utilityLauncher,
    // The dev server compiles pages on demand: leave it V8's default (larger) young generation.
    ...(paths.dev ? { execArgv: [] } : {}),
    port: pinnedPort(process.env.BACKEND_PORT, log),
    secretKey: await loadOrCreateSecretKey(paths.secretKeyFile, electronKeychain, log),
    writeLog: log,
  });

  // Quitting always stops the server first (SIGTERM, then SIGKILL), then really quits.
  let quitting = false;
  let serverStopped = false;
  app.on('before-quit', (event) => {
    if (serverStopped) return;
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    log('[desktop] quitting: stopping the server');
    void supervisor.stop().finally(async () => {
      serverStopped = true;
      log('[desktop] server stopped');
      await desktopLog.close();
      app.quit();
    });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  let origin = '';
  const openLogsFolder = async () => void (await shell.openPath(paths.logsDir));
  const restartServer = async () => {
    log('[desktop] restarting the server (user request)');
    await supervisor.restart().catch(() => {}); // a failure arrives as 'failed' and is shown
  };
  installMenu({ dev: paths.dev, restartServer: () => void restartServer(), openLogsFolder: () => void openLogsFolder() });
  handleBridge({ window: () => mainWindow, origin: () => origin, openLogsFolder, restartServer });

  splash = openSplash(app.getAppPath(), paths.icon);
  splash.status('Starting the server…');
  const ready = await startUntilReady(supervisor, splash, paths.logsDir);
  if (!ready) return app.quit();
  origin = ready.origin;

  const openMainWindow = (server: ServerReady) => {
    const window = createMainWindow({ appDir: app.getAppPath(), icon: paths.icon, version: app.getVersion(), stateFile: paths.windowStateFile, origin: () => origin, log });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = undefined;
    });
    window.webContents.on('render-process-gone', (_event, details) => {
      log(`[desktop] the window's renderer ended (${details.reason}); reloading it`);
      if (details.reason !== 'clean-exit' && supervisor.ready) void showServer(window, supervisor.ready, supervisor.token);
    });
    void showServer(window, server, supervisor.token).catch((error: Error) => log(`[desktop] loading the window failed: ${error.message}`));
    return window;
  };
  mainWindow = openMainWindow(ready);
  mainWindow.once('ready-to-show', () => {
    splash?.close();
    splash = undefined;
  });

  supervisor.on('ready', (server) => {
    origin = server.origin;
    if (server.restarted && mainWindow) void followServer(mainWindow, server, supervisor.token, log);
  });
  supervisor.on('failed', (error) => void afterFailure(error));
  const afterFailure = async (error: SidecarError) => {
    if (quitting || error.code === 'stopped') return;
    if ((await askAfterFailure(error, paths.logsDir, mainWindow)) === 'quit') return app.quit();
    await supervisor.start().catch(() => {}); // failing again emits 'failed' again
  };

  // Platform convention: on macOS the app (and its server) lives on without windows.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && supervisor.ready) mainWindow = openMainWindow(supervisor.ready);
  });

  startAutoUpdates({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, log });
  logProcessMetrics(() => supervisor.pid, log);
}

/** The first start, with Retry / Open logs / Quit until it works or the user quits. */
async function startUntilReady(supervisor: ServerSupervisor, splash: Splash, logsDir: string): Promise<ServerReady | undefined> {
  for (;;) {
    try {
      return await supervisor.start();
    } catch (error) {
      const failure = error as SidecarError;
      if (failure.code === 'stopped') return undefined;
      splash.status('The server could not start.');
      if ((await askAfterFailure(failure, logsDir, undefined)) === 'quit') return undefined;
      splash.status('Starting the server…');
    }
  }
}

/** BACKEND_PORT pins the server's port for the desktop app too; a bad value is ignored, loudly. */
function pinnedPort(value: string | undefined, log: (line: string) => void): number | undefined {
  if (!value) return undefined;
  const port = Number(value);
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  log(`[desktop] ignoring BACKEND_PORT="${value}": not a port number`);
  return undefined;
}
