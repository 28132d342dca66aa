// SQLite backup work, as a child process of a job (so cancel kills it even deep inside
// SQLite, and none of it runs on the server's event loop). One operation per process,
// given as JSON in argv[2]; it writes JSON lines to stdout: {"type":"progress",…} while
// working, {"type":"table",…} per measured table, then one {"type":"result",…}. A failure is a message on stderr and exit 1.
//
//   copy     online backup API → a consistent copy, trimmed to the kind
//   gzip     that copy → the archive (run beside `measure` of the same copy)
//   check    gunzip to scratch, PRAGMA integrity_check
//   restore  gunzip to scratch, then the backup API in reverse into the destination
//   measure  rows and checksums of a plain database file (all tables, or the ones named)
//   count    how many tables a file holds (0 when it does not exist)
import { hash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, openSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createGunzip, createGzip, constants as zlib } from 'node:zlib';
import Database from 'better-sqlite3';
import type { SqliteBackupRequest, SqliteWorkerLine, SqliteTableStats } from './sqlite-backup-protocol.ts';

/** Pages per backup step: about 200 steps in all (progress), at least 1024 (4 MB with 4 KB pages). */
const pagesPerStep = (totalPages: number) => Math.max(1024, Math.ceil(totalPages / 200));
let lastProgressAt = 0;

function emit(line: SqliteWorkerLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function progress(line: Omit<Extract<SqliteWorkerLine, { type: 'progress' }>, 'type'>, force = false): void {
  const now = Date.now();
  if (!force && now - lastProgressAt < 200) return;
  lastProgressAt = now;
  emit({ type: 'progress', ...line });
}

function userTables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[]);
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Exact rows and an order-independent checksum (sum of a 64-bit hash of each row) per table. */
function measure(db: Database.Database, only?: string[]): SqliteTableStats[] {
  // Each table's stats go out as a line of their own (results of many tables would make one very long line).
  db.defaultSafeIntegers(true);
  const tables = only ?? userTables(db);
  const total = tables.length;
  return tables.map((name, index) => {
    let rows = 0;
    let sum = 0n;
    for (const row of db.prepare(`SELECT * FROM ${quote(name)}`).raw().iterate() as Iterable<unknown[]>) {
      // One string per row, hashed in one call: the bulk of this loop's time is the hashing.
      const digest = hash('sha1', row.map(encodeCell).join(''), 'buffer');
      sum = (sum + digest.readBigUInt64BE(0)) & 0xffff_ffff_ffff_ffffn;
      rows++;
      if ((rows & 0xffff) === 0) progress({ phase: 'Counting rows', done: index, total, unit: 'tables' });
    }
    progress({ phase: 'Counting rows', done: index + 1, total, unit: 'tables' });
    const stats: SqliteTableStats = { schema: 'main', name, rows, checksum: sum.toString(16) };
    emit({ type: 'table', stats });
    return stats;
  });
}

/** Each cell tagged with its type (and text with its length), so no two rows encode alike. */
function encodeCell(cell: unknown): string {
  if (cell === null) return '\u0000n';
  if (typeof cell === 'bigint') return `\u0000i${cell}`;
  if (typeof cell === 'number') return `\u0000r${cell}`;
  if (Buffer.isBuffer(cell)) return `\u0000b${cell.toString('hex')}`;
  return `\u0000s${String(cell).length}:${String(cell)}`;
}

async function copy(from: Database.Database, to: string, phase: string): Promise<void> {
  await from.backup(to, {
    progress({ totalPages, remainingPages }) {
      progress({ phase, done: totalPages - remainingPages, total: totalPages, unit: 'pages' });
      return pagesPerStep(totalPages);
    },
  });
}

async function gzip(from: string, to: string): Promise<void> {
  const totalBytes = statSync(from).size;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      progress({ phase: 'Compressing and checksumming', bytes, totalBytes });
      callback(null, chunk);
    },
  });
  // Level 1: most of gzip's gain on database pages at a fraction of the default level's time.
  await pipeline(createReadStream(from), counter, createGzip({ level: zlib.Z_BEST_SPEED }), createWriteStream(to, { mode: 0o600 }));
  syncFile(to);
}

async function gunzip(from: string, to: string): Promise<void> {
  const totalBytes = statSync(from).size;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      progress({ phase: 'Decompressing', bytes, totalBytes });
      callback(null, chunk);
    },
  });
  await pipeline(createReadStream(from), counter, createGunzip(), createWriteStream(to, { mode: 0o600 }));
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function run(request: SqliteBackupRequest): Promise<unknown> {
  switch (request.op) {
    case 'copy': {
      const source = new Database(request.source, { readonly: true, fileMustExist: true });
      const sqliteVersion = (source.prepare('SELECT sqlite_version()').pluck().get() as string);
      await copy(source, request.raw, 'Copying pages');
      source.close();
      const copyDb = new Database(request.raw);
      copyDb.pragma('foreign_keys = OFF');
      const tables = userTables(copyDb);
      if (request.kind === 'tables') {
        const keep = new Set(request.tables);
        const missing = request.tables.filter((t) => !tables.includes(t));
        if (missing.length) throw new Error(`No such table: ${missing.join(', ')}.`);
        for (const name of tables) if (!keep.has(name)) copyDb.exec(`DROP TABLE ${quote(name)}`);
        copyDb.exec('VACUUM');
      } else if (request.kind === 'schema-only') {
        for (const name of tables) copyDb.exec(`DELETE FROM ${quote(name)}`);
        copyDb.exec('VACUUM');
      }
      copyDb.close();
      return { sqliteVersion };
    }
    case 'gzip': {
      await gzip(request.from, request.to);
      return {};
    }
    case 'check': {
      await gunzip(request.file, request.scratch);
      const db = new Database(request.scratch, { readonly: true, fileMustExist: true });
      progress({ phase: 'Integrity check' }, true);
      const problems = (db.prepare('PRAGMA integrity_check').pluck().all() as string[]).filter((line) => line !== 'ok');
      const tables = userTables(db).length;
      db.close();
      if (problems.length) throw new Error(`integrity_check: ${problems.slice(0, 5).join('; ')}`);
      return { summary: `integrity_check ok, ${tables} tables` };
    }
    case 'restore': {
      await gunzip(request.file, request.scratch);
      const db = new Database(request.scratch, { readonly: true, fileMustExist: true });
      await copy(db, request.dest, 'Restoring pages');
      db.close();
      syncFile(request.dest);
      return {};
    }
    case 'measure': {
      const db = new Database(request.file, { readonly: true, fileMustExist: true });
      const present = new Set(userTables(db));
      measure(db, request.tables === null ? undefined : request.tables.filter((t) => present.has(t)));
      db.close();
      return {};
    }
    case 'count': {
      if (!existsSync(request.file)) return { tables: 0 };
      const db = new Database(request.file, { readonly: true, fileMustExist: true });
      const tables = userTables(db).length;
      db.close();
      return { tables };
    }
  }
}

run(JSON.parse(process.argv[2] ?? '{}') as SqliteBackupRequest).then(
  (result) => emit({ type: 'result', result }),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  },
);
