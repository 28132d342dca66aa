// A migrations folder on disk, in golang-migrate's naming — `<version>_<name>.up.sql` and
// `<version>_<name>.down.sql` — so a folder made by another tool opens as it is. The one
// module that knows the naming: the migrator and "save as migration" (schema diff) both
// create and read files through it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, BadRequestError, NotFoundError } from '../errors.ts';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';

/** `<digits>_<name>.<up|down>.sql`; golang-migrate versions are unsigned integers. */
export const MIGRATION_FILE = /^(\d{1,19})_([^/\\]+)\.(up|down)\.sql$/;
/** Versions are stored as BIGINT (signed 64-bit) in the history table. */
const MAX_VERSION = 2n ** 63n - 1n;

export interface MigrationFile {
  /** The file name, relative to the folder. */
  file: string;
  sha256: string;
}

export interface MigrationPair {
  /** Decimal text of the version, without leading zeros ("1", "20240101120000"). */
  version: string;
  name: string;
  up: MigrationFile | null;
  down: MigrationFile | null;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Compares two version strings numerically (they may exceed 2^53). */
export function compareVersions(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Parses a migration file name, or null when the name is not one. */
export function parseFileName(file: string): { version: string; name: string; direction: 'up' | 'down' } | null {
  const match = MIGRATION_FILE.exec(file);
  if (!match) return null;
  const version = BigInt(match[1]!);
  if (version > MAX_VERSION) return null;
  return { version: version.toString(), name: match[2]!, direction: match[3] as 'up' | 'down' };
}

/** The folder's migrations by version, ascending. A missing folder has none. Two files for one version and direction are refused. */
export function listMigrations(folder: string): MigrationPair[] {
  if (!existsSync(folder)) return [];
  const pairs = new Map<string, MigrationPair>();
  for (const file of readdirSync(folder).sort()) {
    const parsed = parseFileName(file);
    if (!parsed || !statSync(join(folder, file)).isFile()) continue;
    const pair = pairs.get(parsed.version) ?? { version: parsed.version, name: parsed.name, up: null, down: null };
    if (pair[parsed.direction]) {
      throw new AppError('duplicate_version', `Two ${parsed.direction} files have version ${parsed.version}: ${pair[parsed.direction]!.file} and ${file}. Rename one.`, 409);
    }
    pair[parsed.direction] = { file, sha256: sha256(readFileSync(join(folder, file))) };
    if (parsed.direction === 'up') pair.name = parsed.name;
    pairs.set(parsed.version, pair);
  }
  return [...pairs.values()].sort((a, b) => compareVersions(a.version, b.version));
}

/** A migration name as a file-name part: lower case, words joined by `_`. */
export function slugName(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);
  if (!slug) throw new BadRequestError('Give the migration a name made of letters or digits, e.g. "create users".');
  return slug;
}

/**
 * The next version: sequential (previous + 1, same width) when the folder numbers its
 * migrations 1, 2, 3…, else a UTC timestamp YYYYMMDDHHMMSS (golang-migrate's default),
 * always above the highest one present.
 */
export function nextVersion(existing: MigrationPair[], now = new Date()): string {
  const highest = existing.at(-1);
  if (highest && BigInt(highest.version) < 1_000_000_000n) {
    const width = (highest.up ?? highest.down)!.file.indexOf('_');
    return (BigInt(highest.version) + 1n).toString().padStart(width, '0');
  }
  const stamp = BigInt(now.toISOString().replace(/\D/g, '').slice(0, 14));
  return (highest && BigInt(highest.version) >= stamp ? BigInt(highest.version) + 1n : stamp).toString();
}

/**
 * Creates `<version>_<name>.up.sql` and `.down.sql`, each written atomically (down first,
 * so an up file — what migrate runs — never exists without its pair). Refuses a version
 * that is already there.
 */
export function createMigration(folder: string, input: { name: string; up?: string; down?: string; version?: string }): MigrationPair {
  const existing = listMigrations(folder);
  const name = slugName(input.name);
  const version = input.version ?? nextVersion(existing);
  const parsed = parseFileName(`${version}_${name}.up.sql`);
  if (!parsed) throw new BadRequestError(`Version ${version} is not a number golang-migrate accepts.`);
  if (existing.some((m) => m.version === parsed.version)) throw new AppError('exists', `Version ${parsed.version} exists already.`, 409);
  const up = input.up ?? `-- ${input.name.trim()}: the change.\n`;
  const down = input.down ?? `-- ${input.name.trim()}: how to undo it.\n`;
  const base = `${version}_${name}`;
  writeFileAtomicSync(join(folder, `${base}.down.sql`), down, { mode: 0o644 });
  writeFileAtomicSync(join(folder, `${base}.up.sql`), up, { mode: 0o644 });
  return { version: parsed.version, name, up: { file: `${base}.up.sql`, sha256: sha256(up) }, down: { file: `${base}.down.sql`, sha256: sha256(down) } };
}

/** A migration file's path, refusing any name that is not a migration file of this folder. */
export function migrationPath(folder: string, file: string): string {
  if (!parseFileName(file)) throw new BadRequestError(`${file} is not a migration file name (<version>_<name>.up.sql or .down.sql).`);
  return join(folder, file);
}

export function readMigrationFile(folder: string, file: string): string {
  const path = migrationPath(folder, file);
  if (!existsSync(path)) throw new NotFoundError(`${file} is not in ${folder}.`);
  return readFileSync(path, 'utf8');
}

/** Replaces an existing migration file's text, atomically. */
export function saveMigrationFile(folder: string, file: string, text: string): MigrationFile {
  const path = migrationPath(folder, file);
  if (!existsSync(path)) throw new NotFoundError(`${file} is not in ${folder}.`);
  writeFileAtomicSync(path, text, { mode: 0o644 });
  return { file, sha256: sha256(text) };
}
