// Which folder holds each connection's migrations: `<home>/migrations/<connection-id>/`
// unless the user chose another one, remembered in `<home>/migrations/folders.json`
// (written atomically).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { BadRequestError } from '../errors.ts';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';

export class MigrationFolders {
  readonly #root: string;
  readonly #file: string;
  #chosen: Record<string, string>;

  constructor(home: string) {
    this.#root = join(home, 'migrations');
    this.#file = join(this.#root, 'folders.json');
    this.#chosen = readChosen(this.#file);
  }

  defaultFolder(connectionId: string): string {
    return join(this.#root, encodeURIComponent(connectionId));
  }

  folderOf(connectionId: string): string {
    return this.#chosen[connectionId] ?? this.defaultFolder(connectionId);
  }

  isDefault(connectionId: string): boolean {
    return !this.#chosen[connectionId];
  }

  /** Links another folder to the connection (null: back to the default). It must be an absolute path to a directory, or not exist yet. */
  choose(connectionId: string, folder: string | null): string {
    const chosen = { ...this.#chosen };
    if (folder === null) delete chosen[connectionId];
    else {
      if (!isAbsolute(folder)) throw new BadRequestError(`Give the folder as an absolute path (got ${folder}).`);
      const path = resolve(folder);
      if (existsSync(path) && !statSync(path).isDirectory()) throw new BadRequestError(`${path} is a file, not a folder.`);
      chosen[connectionId] = path;
    }
    writeFileAtomicSync(this.#file, `${JSON.stringify(chosen, null, 2)}\n`);
    this.#chosen = chosen;
    return this.folderOf(connectionId);
  }
}

function readChosen(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string' && isAbsolute(e[1])));
  } catch {
    // An unreadable file only loses the choices: each connection falls back to its default folder.
    return {};
  }
}
