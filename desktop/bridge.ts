// The whole surface between the app's pages and the desktop shell: three things, each a
// named IPC channel with its own handler in the main process — no generic pass-through.
// The main window's preload exposes it as `window.dbToolkitDesktop`.

export const IPC = {
  openLogsFolder: 'db-toolkit:open-logs-folder',
  restartServer: 'db-toolkit:restart-server',
} as const;

/** Passed to the preload as a command-line switch (it cannot import package.json). */
export const VERSION_SWITCH = '--db-toolkit-version=';

export interface DesktopBridge {
  /** The desktop app's version. */
  readonly version: string;
  /** Opens the folder holding desktop.log and server.log in the file manager. */
  openLogsFolder(): Promise<void>;
  /** Restarts the server; the page stays and its connections come back by themselves. */
  restartServer(): Promise<void>;
}
