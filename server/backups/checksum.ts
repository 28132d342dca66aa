// The sha256 of an archive, read a piece at a time (a backup may be many gigabytes) into
// one reused buffer: reading it as a stream left a fresh 1 MB buffer per piece for the
// garbage collector, and the server's memory grew by about the archive's size (bench/backup.ts).
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const PIECE = 1024 * 1024;

export async function sha256File(path: string, signal?: AbortSignal, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(PIECE);
  let bytes = 0;
  const file = await open(path, 'r');
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await file.read(buffer, 0, PIECE, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      bytes += bytesRead;
      onBytes?.(bytes);
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}
