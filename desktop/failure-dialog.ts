// What the user sees when the server cannot start or keeps crashing: what happened, where
// the logs are, and three ways on — Retry, Open logs (then ask again), Quit.
import { dialog, shell, type BrowserWindow } from 'electron';
import type { SidecarError } from './errors.ts';

const HEADLINES: Record<SidecarError['code'], string> = {
  'port-in-use': 'DB Toolkit cannot start: its port is taken by another program.',
  'spawn-failed': 'DB Toolkit could not start its server.',
  exited: 'The DB Toolkit server stopped while starting.',
  'announce-timeout': 'The DB Toolkit server did not start in time.',
  'ready-timeout': 'The DB Toolkit server did not become ready in time.',
  'gave-up': 'The DB Toolkit server keeps stopping.',
  stopped: 'The DB Toolkit server was stopped.',
};

export async function askAfterFailure(error: SidecarError, logsDir: string, parent: BrowserWindow | undefined): Promise<'retry' | 'quit'> {
  for (;;) {
    const options = {
      type: 'error' as const,
      title: 'DB Toolkit',
      message: HEADLINES[error.code],
      detail: `${error.message}\n\nThe logs (desktop.log, server.log) are in:\n${logsDir}`,
      buttons: ['Retry', 'Open logs', 'Quit'],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
    };
    const { response } = parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    if (response === 1) {
      await shell.openPath(logsDir);
      continue;
    }
    return response === 0 ? 'retry' : 'quit';
  }
}
