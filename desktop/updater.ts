// Auto-update with electron-updater — only when the build was packaged with a publish URL
// (DB_TOOLKIT_UPDATE_URL at packaging time makes electron-builder write app-update.yml
// next to the app). The server ships inside the app, so updating the app updates both.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import electronUpdater from 'electron-updater';

const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

export function startAutoUpdates(options: { isPackaged: boolean; resourcesPath: string; log: (line: string) => void }): void {
  const { log } = options;
  if (!options.isPackaged || !existsSync(join(options.resourcesPath, 'app-update.yml'))) {
    log('[updater] off: this build has no update URL');
    return;
  }
  const { autoUpdater } = electronUpdater;
  const write = (level: string) => (message: unknown) => log(`[updater] ${level}: ${String(message)}`);
  autoUpdater.logger = { info: write('info'), warn: write('warn'), error: write('error'), debug: () => {} };
  autoUpdater.autoInstallOnAppQuit = true;
  const check = () => autoUpdater.checkForUpdatesAndNotify().catch((error: Error) => log(`[updater] check failed: ${error.message}`));
  void check();
  setInterval(check, CHECK_EVERY_MS).unref();
}
