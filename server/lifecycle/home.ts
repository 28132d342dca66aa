// The data directory, made ready before anything writes to it: created (0700) and proven
// writable, or one line naming it and the cause — not a stack trace, and not a misleading
// "ENOENT … mkdir <home>/logs" from the first module that tries. Then the temporary files
// that interrupted writes left behind (a crash, kill -9 or a full disk between write and
// rename) are removed, so they never pile up.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StartupError } from '../errors.ts';
import { TEMP_FILE_PATTERN } from '../fs/atomic-write.ts';

const REASONS: Record<string, string> = {
  EROFS: 'it is on a read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'it exists and is not a directory',
};

/** Creates `home` if needed and checks it can be written; throws StartupError saying why not. */
export function prepareHome(home: string): void {
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    if (!statSync(home).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'EEXIST' });
  } catch (error) {
    throw unusable(home, 'cannot be created', creationError(home, error));
  }
  const probe = join(home, `.write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w', 0o600));
    unlinkSync(probe);
  } catch (error) {
    throw unusable(home, 'is not writable', error);
  }
}

/**
 * A recursive mkdir on a read-only file system reports ENOENT; creating the first missing
 * directory on its own gives the real cause.
 */
function creationError(home: string, error: unknown): unknown {
  let missing = home;
  while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  try {
    mkdirSync(missing, { mode: 0o700 });
    return error;
  } catch (real) {
    return real;
  }
}

function unusable(home: string, what: string, error: unknown): StartupError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const reason = REASONS[code] ?? (code || (error as Error).message);
  return new StartupError(`The data directory ${home} ${what}: ${reason}${REASONS[code] ? ` (${code})` : ''}. Make it writable, or set DB_TOOLKIT_HOME to a directory you can write.`, { cause: error });
}

/** Removes temporary files of interrupted atomic writes under `home` (its folders one level down). Returns what was removed. */
export function sweepTempFiles(home: string): { files: number; bytes: number } {
  const removed = { files: 0, bytes: 0 };
  const dirs = [home, ...entries(home).filter((e) => e.isDirectory()).map((e) => join(home, e.name))];
  for (const dir of dirs) {
    for (const entry of entries(dir)) {
      const match = TEMP_FILE_PATTERN.exec(entry.name);
      if (!entry.isFile() || !match) continue;
      // Another live instance sharing this home may be writing it right now.
      if (Number(match[1]) !== process.pid && alive(Number(match[1]))) continue;
      const file = join(dir, entry.name);
      try {
        const { size } = statSync(file);
        rmSync(file);
        removed.files++;
        removed.bytes += size;
      } catch {
        // gone meanwhile
      }
    }
  }
  return removed;
}

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
