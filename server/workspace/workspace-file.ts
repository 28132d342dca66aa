// <home>/workspace.json: the editor's tabs. Each tab is saved on its own, so two windows
// editing different tabs never overwrite each other's text.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { AppError, NotFoundError } from '../errors.ts';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import { EditorTab, type TabInput, type Workspace, type WorkspaceLayout } from '../protocol/index.ts';

const MAX_TABS = 100;
const File = z.object({ version: z.literal(1), tabs: z.array(EditorTab), order: z.array(z.string()), activeTabId: z.string().nullable() });
type FileData = z.infer<typeof File>;

export class WorkspaceFile {
  readonly #path: string;
  /** Set when the file could not be read at start and was moved aside (kept for recovery). */
  movedAside: string | undefined;
  #data: FileData;

  constructor(home: string) {
    this.#path = join(home, 'workspace.json');
    this.#data = this.#load();
  }

  read(): Workspace {
    const byId = new Map(this.#data.tabs.map((t) => [t.id, t]));
    const ordered = this.#data.order.flatMap((id) => byId.get(id) ?? []);
    const rest = this.#data.tabs.filter((t) => !this.#data.order.includes(t.id));
    return { tabs: [...ordered, ...rest], activeTabId: this.#data.activeTabId };
  }

  saveTab(id: string, input: TabInput): EditorTab {
    const exists = this.#data.tabs.some((t) => t.id === id);
    if (!exists && this.#data.tabs.length >= MAX_TABS) throw new AppError('too_many_tabs', `At most ${MAX_TABS} tabs; close some first.`, 409);
    const tab: EditorTab = { id, ...input, updatedAt: new Date().toISOString() };
    const tabs = exists ? this.#data.tabs.map((t) => (t.id === id ? tab : t)) : [...this.#data.tabs, tab];
    const order = this.#data.order.includes(id) ? this.#data.order : [...this.#data.order, id];
    this.#write({ ...this.#data, tabs, order });
    return tab;
  }

  removeTab(id: string): void {
    if (!this.#data.tabs.some((t) => t.id === id)) throw new NotFoundError(`No tab "${id}".`);
    const tabs = this.#data.tabs.filter((t) => t.id !== id);
    this.#write({
      ...this.#data,
      tabs,
      order: this.#data.order.filter((t) => t !== id),
      activeTabId: this.#data.activeTabId === id ? (tabs[0]?.id ?? null) : this.#data.activeTabId,
    });
  }

  saveLayout(layout: WorkspaceLayout): Workspace {
    this.#write({ ...this.#data, order: layout.order, activeTabId: layout.activeTabId });
    return this.read();
  }

  #write(data: FileData): void {
    writeFileAtomicSync(this.#path, `${JSON.stringify(data)}\n`, { mode: 0o600 });
    this.#data = data;
  }

  #load(): FileData {
    const empty: FileData = { version: 1, tabs: [], order: [], activeTabId: null };
    if (!existsSync(this.#path)) return empty;
    try {
      return File.parse(JSON.parse(readFileSync(this.#path, 'utf8')));
    } catch {
      this.movedAside = `${this.#path}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.#path, this.movedAside); // keep the user's text for recovery
      return empty;
    }
  }
}
