// GET /api/backups/:id/download: a complete backup's archive, streamed as a download.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { BackupService } from '../backups/service.ts';
import { routes } from '../protocol/index.ts';
import type { ApiRouter } from './router.ts';

export function registerBackupRoutes(router: ApiRouter, backups: BackupService): void {
  router.on(routes.downloadBackup, async ({ res, params }) => {
    const manifest = backups.get(params.id);
    const name = `${manifest.connectionName.replace(/[^\w.-]+/g, '_')}-${manifest.file}`;
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(manifest.size),
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
    await pipeline(createReadStream(backups.archivePath(manifest)), res).catch(() => res.destroy());
  });
}
