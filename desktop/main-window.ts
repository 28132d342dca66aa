// The main window: the server's UI in a locked-down BrowserWindow (sandboxed renderer,
// context isolation, no Node), kept on the server's origin, reopened where the user left it,
// and following the server when the supervisor restarts it.
import { BrowserWindow, screen, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { VERSION_SWITCH } from './bridge.ts';
import { readJsonFile, writeJsonFile } from './config-store.ts';
import { handOffUrl, isSameOrigin, opensExternally } from './navigation.ts';
import type { ServerReady } from './supervisor.ts';
import { MIN_SIZE, restoreWindowState } from './window-state.ts';

export interface MainWindowOptions {
  appDir: string;
  icon: string;
  version: string;
  stateFile: string;
  /** The origin the window may show; it changes if a restart has to move to another port. */
  origin: () => string;
  log: (line: string) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const state = restoreWindowState(readJsonFile(options.stateFile), workAreas);
  const window = new BrowserWindow({
    ...(state.x === undefined ? {} : { x: state.x, y: state.y }),
    width: state.width,
    height: state.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'DB Toolkit',
    icon: options.icon,
    backgroundColor: '#101522',
    webPreferences: {
      preload: join(options.appDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      additionalArguments: [`${VERSION_SWITCH}${options.version}`],
    },
  });
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    try {
      writeJsonFile(options.stateFile, { ...bounds, maximized: window.isMaximized() });
    } catch (error) {
      options.log(`[desktop] could not save the window position: ${(error as Error).message}`);
    }
  });
  lockToOrigin(window.webContents, options.origin, options.log);
  return window;
}

/** The window may only show the server; web links go to the user's browser; nothing else opens. */
function lockToOrigin(contents: WebContents, origin: () => string, log: (line: string) => void): void {
  const leave = (url: string) => {
    if (opensExternally(url)) void shell.openExternal(url);
    else log(`[desktop] blocked navigation to ${new URL(url).protocol} URL`);
  };
  contents.on('will-navigate', (event) => {
    if (isSameOrigin(event.url, origin())) return;
    event.preventDefault();
    leave(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isSameOrigin(event.url, origin())) event.preventDefault();
  });
  // Frames inside the page may show the server or nothing.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isSameOrigin(event.url, origin()) && event.url !== 'about:blank') event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (!isSameOrigin(url, origin())) leave(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // No camera, location, notifications…: only writing to the clipboard (copying results).
  contents.session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === 'clipboard-sanitized-write' && isSameOrigin(details.requestingUrl, origin()));
  });
  contents.session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return permission === 'clipboard-sanitized-write' && isSameOrigin(requestingOrigin, origin());
  });
}

/** Opens the server's UI in the window, signing in with the launch token. */
export function showServer(window: BrowserWindow, ready: ServerReady, token: string): Promise<void> {
  return window.loadURL(handOffUrl(ready.origin, token));
}

/**
 * After a restart. On the same origin (the usual case: same port, same token) the page
 * stays — unsaved editor text included — and its websockets reconnect by themselves; we
 * only tell it to retry now rather than at its next backoff step. If the server had to
 * move to another port, the page must load from the new origin: its local storage
 * (drafts) is carried over, then the page reloads to pick it up.
 */
export async function followServer(window: BrowserWindow, ready: ServerReady, token: string, log: (line: string) => void): Promise<void> {
  if (window.isDestroyed()) return;
  const contents = window.webContents;
  const current = contents.getURL();
  if (current && isSameOrigin(current, ready.origin)) {
    await contents.executeJavaScript("window.dispatchEvent(new Event('online'))").catch(() => {});
    return;
  }
  log(`[desktop] the server moved to ${ready.origin}; reopening the window there`);
  const saved = current ? await contents.executeJavaScript('JSON.stringify(Object.entries(localStorage))').catch(() => '[]') : '[]';
  await showServer(window, ready, token);
  const entries = JSON.parse(String(saved)) as [string, string][];
  if (entries.length === 0) return;
  await contents.executeJavaScript(`for (const [k, v] of ${JSON.stringify(entries)}) if (localStorage.getItem(k) === null) localStorage.setItem(k, v);`);
  contents.reload();
}

/** Brings a window to the front (a second launch of the app lands here). */
export function focus(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
