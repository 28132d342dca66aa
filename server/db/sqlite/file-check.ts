// The checks that tell a person why a path cannot be an SQLite database, made with plain
// file reads (no SQLite): the driver's connect runs them on the server's thread, so a
// connection is refused at once without starting a worker, and the worker runs them again
// before it opens the file (it may have changed in between).
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

export class OpenFailure extends Error {}

// Every SQLite database file begins with these 16 bytes (sqlite.org/fileformat.html).
const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Throws OpenFailure when `file` is missing, not a regular file, or not an SQLite database. */
export function checkDatabaseFile(file: string): void {
  // A missing file would silently become a new empty database: almost always a typo.
  if (!existsSync(file)) throw new OpenFailure(`SQLite database file not found: ${file}`);
  const stats = statSync(file);
  if (stats.isDirectory()) throw new OpenFailure(`${file} is a directory, not an SQLite database file.`);
  // SQLite would "open" /dev/null, /dev/urandom or /proc/self/environ as an empty database.
  if (!stats.isFile()) throw new OpenFailure(`${file} is not a regular file (a device, pipe or socket), so it cannot be an SQLite database.`);
  const head = readHead(file, stats.size > 0 ? HEADER.length : 1);
  // Kernel files (/proc, /sys) say they are empty yet have content; a truly empty file is a new database.
  if (stats.size === 0) {
    if (head.length > 0) throw new OpenFailure(`${file} is a special (kernel) file, not an SQLite database file.`);
    return;
  }
  if (!head.equals(HEADER)) throw new OpenFailure(`${file} is not an SQLite database (or it is encrypted).`);
}

function readHead(file: string, length: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new OpenFailure(`Cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    const head = Buffer.alloc(length);
    return head.subarray(0, readSync(fd, head, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}
