// Backups on disk: <home>/backups/<connection-id>/<id><ext> and, beside it, <id>.json —
// the manifest, written atomically only after the archive is complete, fsynced and
// renamed. A backup is complete exactly when its manifest exists and names an archive of
// the recorded size: anything else (a .partial, an archive whose manifest never got
// written) is debris of an interrupted backup, removed at start.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, NotFoundError } from '../errors.ts';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import { BackupManifest } from '../protocol/index.ts';

const SAFE_NAME = /^[\w-]{1,200}$/;

export class BackupStore {
  readonly root: string;

  constructor(home: string) {
    this.root = join(home, 'backups');
  }

  /** The connection's folder (created, private). */
  folder(connectionId: string): string {
    if (!SAFE_NAME.test(connectionId)) throw new AppError('bad_message', 'Not a connection id.');
    const dir = join(this.root, connectionId);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  archivePath(manifest: BackupManifest): string {
    return join(this.root, manifest.connectionId, manifest.file);
  }

  /** Complete backups, newest first (of one connection, or all). */
  list(connectionId?: string): BackupManifest[] {
    const manifests: BackupManifest[] = [];
    for (const dir of connectionId ? [connectionId] : this.#connectionDirs()) {
      for (const name of this.#files(dir)) {
        if (!name.endsWith('.json')) continue;
        const manifest = this.#read(join(this.root, dir, name));
        if (manifest && this.#archiveIntact(manifest)) manifests.push(manifest);
      }
    }
    return manifests.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  get(id: string): BackupManifest {
    for (const dir of this.#connectionDirs()) {
      const manifest = this.#read(join(this.root, dir, `${id}.json`));
      if (manifest && this.#archiveIntact(manifest)) return manifest;
    }
    throw new NotFoundError(`No complete backup ${id}.`);
  }

  /** Written after the archive is in place: from then on the backup is complete. */
  save(manifest: BackupManifest): void {
    writeFileAtomicSync(join(this.folder(manifest.connectionId), `${manifest.id}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  /** The manifest goes first: a backup half-deleted is no longer complete, never a torn one. */
  remove(manifest: BackupManifest): void {
    rmSync(join(this.root, manifest.connectionId, `${manifest.id}.json`), { force: true });
    rmSync(this.archivePath(manifest), { force: true });
  }

  /**
   * At start: removes what interrupted backups left — `.partial` files, and archives whose
   * manifest was never written. Returns the paths removed, for the log.
   */
  cleanDebris(): string[] {
    const removed: string[] = [];
    for (const dir of this.#connectionDirs()) {
      const names = this.#files(dir);
      const named = new Set(names.filter((n) => n.endsWith('.json')).map((n) => this.#read(join(this.root, dir, n))?.file));
      for (const name of names) {
        if (name.endsWith('.json') || name.endsWith('.tmp')) {
          if (name.endsWith('.tmp')) removed.push(this.#remove(dir, name));
          continue;
        }
        if (name.endsWith('.partial') || !named.has(name)) removed.push(this.#remove(dir, name));
      }
    }
    return removed;
  }

  #remove(dir: string, name: string): string {
    const path = join(this.root, dir, name);
    rmSync(path, { force: true, recursive: true });
    return path;
  }

  #connectionDirs(): string[] {
    try {
      return readdirSync(this.root, { withFileTypes: true }).filter((e) => e.isDirectory() && SAFE_NAME.test(e.name)).map((e) => e.name);
    } catch {
      return [];
    }
  }

  #files(dir: string): string[] {
    try {
      return readdirSync(join(this.root, dir));
    } catch {
      return [];
    }
  }

  #read(path: string): BackupManifest | null {
    try {
      const parsed = BackupManifest.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  #archiveIntact(manifest: BackupManifest): boolean {
    try {
      return statSync(this.archivePath(manifest)).size === manifest.size;
    } catch {
      return false;
    }
  }
}

/** Flushes a finished file and the directory entry that names it, so a crash keeps both. */
export function syncFileAndDir(file: string, dir: string): void {
  for (const [path, flags] of [[file, 'r+'], [dir, 'r']] as const) {
    const fd = openSync(path, flags);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
