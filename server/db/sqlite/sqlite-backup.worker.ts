// SQLite backup work, as a child process of a job (so cancel kills it even deep inside
// SQLite, and none of it runs on the server's event loop). One operation per process,
// given as JSON in argv[2]; it writes JSON lines to stdout: {"type":"progress",…} while
// working, {"type":"table",…} per measured table, then one {"type":"result",…}. A failure is a message on stderr and exit 1.
//
//   copy      online backup API → a consistent copy, trimmed to the kind
//   compress  that copy → the archive, zstd level 1 (run beside `measure` of the same copy)
//   check     decompress to scratch, PRAGMA integrity_check
//   restore   decompress to scratch, then the backup API in reverse into the destination
//   measure   rows and checksums of a plain database file (all tables, or the ones named)
//   count     how many tables a file holds (0 when it does not exist)
// Archives written before zstd are gzip (level 1), with the older row-sum checksums: both
// still decompress (told apart by their magic bytes) and measure (see `measure`).
import { createHash, hash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, openSync, readSync, statSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createGunzip, createZstdCompress, createZstdDecompress, constants as zlib } from 'node:zlib';
import Database from 'better-sqlite3';
import { ORDERED_CHECKSUM_PREFIX, type SqliteBackupRequest, type SqliteChecksum, type SqliteWorkerLine, type SqliteTableStats } from './sqlite-backup-protocol.ts';

/** Pages per backup step: about 50 steps in all (progress), at least 1024 (4 MB with 4 KB pages); smaller steps only cost time. */
const pagesPerStep = (totalPages: number) => Math.max(1024, Math.ceil(totalPages / 50));
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

/**
 * Exact rows and a checksum per table, as a line each (the stats of many tables would make
 * one very long line). `ordered` (what backups record now): a sha1 over every row in key
 * order, each row as SQLite's own quote() of its values — one hash fed by rows SQLite
 * encoded, so 1M rows take about 2 s. `sum` (backups written before): the sum of a 64-bit
 * hash of each row, hashed one by one in JS — about 3 times slower, kept to verify those.
 * A restore copies the pages as they are, so the key order is the same in the copy.
 */
function measure(db: Database.Database, algorithm: SqliteChecksum, only?: string[]): SqliteTableStats[] {
  const tables = only ?? userTables(db);
  const counts = tables.map((name) => Number(db.prepare(`SELECT count(*) FROM ${quote(name)}`).pluck().get()));
  const total = counts.reduce((a, b) => a + b, 0);
  let done = 0;
  const tick = () => {
    if ((++done & 0x3fff) === 0) progress({ phase: 'Counting rows', done, total, unit: 'rows' });
  };
  return tables.map((name) => {
    const { rows, checksum } = algorithm === 'ordered' ? orderedChecksum(db, name, tick) : rowSumChecksum(db, name, tick);
    progress({ phase: 'Counting rows', done, total, unit: 'rows' }, true);
    const stats: SqliteTableStats = { schema: 'main', name, rows, checksum };
    emit({ type: 'table', stats });
    return stats;
  });
}

function orderedChecksum(db: Database.Database, name: string, tick: () => void): { rows: number; checksum: string } {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(name) as string[];
  const row = columns.map((c) => `quote(${quote(c)})`).join(" || ',' || ");
  const sha1 = createHash('sha1');
  let rows = 0;
  for (const text of db.prepare(`SELECT ${row} FROM ${quote(name)}${keyOrder(db, name)}`).pluck().iterate() as Iterable<string>) {
    sha1.update(text);
    sha1.update('\n');
    rows++;
    tick();
  }
  return { rows, checksum: `${ORDERED_CHECKSUM_PREFIX}${sha1.digest('hex')}` };
}

/** ORDER BY the table's key: rowid, or a WITHOUT ROWID table's primary key (a scan may otherwise take a covering index's order). */
function keyOrder(db: Database.Database, name: string): string {
  const info = db.prepare("SELECT type, wr FROM pragma_table_list WHERE schema = 'main' AND name = ?").get(name) as { type: string; wr: number } | undefined;
  if (info?.type === 'virtual') return ''; // its rows live in its shadow tables, measured on their own
  const columns = db.prepare('SELECT name, pk FROM pragma_table_info(?)').all(name) as { name: string; pk: number }[];
  if (!info?.wr) {
    // A column may be named rowid: then one of the rowid's other names (SQLite's own rule).
    const taken = new Set(columns.map((c) => c.name.toLowerCase()));
    const rowid = ['rowid', '_rowid_', 'oid'].find((alias) => !taken.has(alias));
    if (rowid) return ` ORDER BY ${rowid}`;
  }
  const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  // No name left for the rowid (all three are columns): every column, in order, sorts as well.
  return ` ORDER BY ${(key.length ? key : columns).map((c) => quote(c.name)).join(', ')}`;
}

function rowSumChecksum(db: Database.Database, name: string, tick: () => void): { rows: number; checksum: string } {
  db.defaultSafeIntegers(true);
  let rows = 0;
  let sum = 0n;
  for (const row of db.prepare(`SELECT * FROM ${quote(name)}`).raw().iterate() as Iterable<unknown[]>) {
    const digest = hash('sha1', row.map(encodeCell).join(''), 'buffer');
    sum = (sum + digest.readBigUInt64BE(0)) & 0xffff_ffff_ffff_ffffn;
    rows++;
    tick();
  }
  db.defaultSafeIntegers(false);
  return { rows, checksum: sum.toString(16) };
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

/** Counts the bytes read from `from` into progress lines of `phase`. */
function byteCounter(from: string, phase: string): Transform {
  const totalBytes = statSync(from).size;
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      progress({ phase, bytes, totalBytes });
      callback(null, chunk);
    },
  });
}

async function compress(from: string, to: string): Promise<void> {
  // zstd level 1: the size of gzip level 1 (the earlier format) in about a third of its
  // time on database pages (README, Benchmarks); higher levels gain 1–2% for 25–100% more time.
  const zstd = createZstdCompress({ params: { [zlib.ZSTD_c_compressionLevel]: 1 } });
  await pipeline(createReadStream(from, { highWaterMark: 1024 * 1024 }), byteCounter(from, 'Compressing'), zstd, createWriteStream(to, { mode: 0o600 }));
  syncFile(to);
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/** zstd archives, or gzip ones from before (their first bytes tell). */
async function decompress(from: string, to: string): Promise<void> {
  const head = Buffer.alloc(2);
  const fd = openSync(from, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  const decoder = head.equals(GZIP_MAGIC) ? createGunzip() : createZstdDecompress();
  await pipeline(createReadStream(from, { highWaterMark: 1024 * 1024 }), byteCounter(from, 'Decompressing'), decoder, createWriteStream(to, { mode: 0o600 }));
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
    case 'compress': {
      // The compression runs beside `measure` of the same copy, which takes about twice as
      // long, and the bar follows the slower one. At normal priority the two split the cores
      // (zlib works on libuv's thread pool too), so the checksums sped up by a third once the
      // compression ended and the half-way ETA was up to 50% long. Niced, it yields the CPU to
      // the longer one: the checksums keep one pace and the phase ends sooner (README,
      // Benchmarks). Set before the first asynchronous work: the thread pool's threads,
      // started then, inherit it (on Linux a thread's nice value is its own).
      setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
      await compress(request.from, request.to);
      return {};
    }
    case 'check': {
      await decompress(request.file, request.scratch);
      const db = new Database(request.scratch, { readonly: true, fileMustExist: true });
      progress({ phase: 'Integrity check' }, true);
      const problems = (db.prepare('PRAGMA integrity_check').pluck().all() as string[]).filter((line) => line !== 'ok');
      const tables = userTables(db).length;
      db.close();
      if (problems.length) throw new Error(`integrity_check: ${problems.slice(0, 5).join('; ')}`);
      return { summary: `integrity_check ok, ${tables} tables` };
    }
    case 'restore': {
      await decompress(request.file, request.scratch);
      const db = new Database(request.scratch, { readonly: true, fileMustExist: true });
      await copy(db, request.dest, 'Restoring pages');
      db.close();
      syncFile(request.dest);
      return {};
    }
    case 'measure': {
      const db = new Database(request.file, { readonly: true, fileMustExist: true });
      const present = new Set(userTables(db));
      measure(db, request.checksum, request.tables === null ? undefined : request.tables.filter((t) => present.has(t)));
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
