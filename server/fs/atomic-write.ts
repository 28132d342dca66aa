// Every file the server owns (port file, connections, workspace, history, jobs) is written
// to a temporary sibling, fsynced, and renamed over the target, then the directory is
// fsynced, so neither a crash nor a full disk ever leaves a torn file: the rename happens
// only once every byte is on disk, and a failed write leaves the previous file untouched.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { DiskFullError, WriteFailedError } from '../errors.ts';

export interface AtomicWriteOptions {
  /** File mode of the result; 0o600 for anything a other user must not read. */
  mode?: number;
  /** Replaces fs.writeSync — only for tests that need a short or failing write. */
  write?: (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
}

/** Temporary files are named `<target>.<pid>.<8 hex>.tmp`; the start-up sweep relies on it. */
export const TEMP_FILE_PATTERN = /\.(\d+)\.[0-9a-f]{8}\.tmp$/;

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

// Synchronous on purpose: these files are small, and the callers (port file on start/exit,
// shutdown paths) must finish before the process goes on or exits.
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    fd = openSync(tmp, 'w', options.mode ?? 0o600);
    writeFully(fd, bytes, options.write ?? writeSync);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw describeWriteError(path, error);
  }
  syncDirectory(dirname(path));
}

/**
 * writeSync may write fewer bytes than asked (a full disk, a signal): keep writing the
 * rest until all is written. A write that makes no progress is a full disk.
 */
export function writeFully(fd: number, bytes: Uint8Array, write: NonNullable<AtomicWriteOptions['write']>): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = write(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw Object.assign(new Error('no space left on device (a write made no progress)'), { code: 'ENOSPC' });
    offset += written;
  }
}

/** The rename is durable only once the directory entry is on disk too. */
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    // Some file systems (network, FUSE) cannot fsync a directory; the file itself is safe.
    if (!DIRECTORY_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw describeWriteError(dir, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EBADF']);

function describeWriteError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const file = basename(path);
  if (code && DISK_FULL_CODES.has(code)) return new DiskFullError(file, { cause: error });
  if (code === 'EROFS') return new WriteFailedError(file, `the disk is read-only, ${code}`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM') return new WriteFailedError(file, `permission denied on ${dirname(path)}, ${code}`, { cause: error });
  if (code) return new WriteFailedError(file, code, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}
