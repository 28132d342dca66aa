// The Terminal page's tabs, kept for the life of the browser page rather than of the React
// tree, so switching to another section and back keeps every shell. After a reload the
// tabs are rebuilt from the server's list of live sessions (GET /api/terminal): user state
// lives on the server, because the desktop app's origin — and so its localStorage —
// changes between launches. The store gets the sessions and makes its tabs through its
// sources: the page's (xterm.js screens) in the browser, a test's under node:test.
import type { ITheme } from '@xterm/xterm';
import { routes, type TerminalStatus } from '../../server/protocol/index.ts';
import { api } from '../lib/api.ts';
import { TerminalTab, type TabOptions, type TabView, type XtermModules } from './terminal-tab.ts';
import { onColorSchemeChange, terminalTheme } from './terminal-theme.ts';

export interface WorkspaceView {
  status: 'loading' | 'ready' | 'disabled' | 'error';
  /** Why the terminal is disabled, or what failed. */
  message?: string;
  tabs: TabView[];
  activeKey?: string;
}

/** What the store needs of a tab: TerminalTab's surface. */
export interface WorkspaceTab {
  readonly key: string;
  readonly view: TabView;
  subscribe(listener: () => void): () => void;
  close(): Promise<void>;
  setTheme(theme: ITheme): void;
}

export interface WorkspaceSources<Tab extends WorkspaceTab> {
  /** Whether the terminal is available, and the server's live sessions (GET /api/terminal). */
  status(): Promise<TerminalStatus>;
  /** Loads what tabs need and returns how to make one. */
  tabs(): Promise<(options: TabOptions) => Tab>;
  /** Calls `listener` with the new theme whenever the OS switches between light and dark. */
  onThemeChange(listener: (theme: ITheme) => void): void;
}

export class TerminalWorkspaceStore<Tab extends WorkspaceTab = TerminalTab> {
  #view: WorkspaceView = { status: 'loading', tabs: [] };
  readonly #sources: WorkspaceSources<Tab>;
  readonly #listeners = new Set<() => void>();
  #tabs: Tab[] = [];
  #createTab: ((options: TabOptions) => Tab) | undefined;
  #loading: Promise<void> | undefined;
  #nextKey = 0;

  constructor(sources: WorkspaceSources<Tab>) {
    this.#sources = sources;
  }

  get view(): WorkspaceView {
    return this.#view;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  tab(key: string): Tab | undefined {
    return this.#tabs.find((t) => t.key === key);
  }

  /**
   * Loads the tabs once (a shell is started if the server has none and no CLI was asked
   * for), then opens a CLI tab for `cliConnectionId` if given.
   */
  async open(cliConnectionId?: string): Promise<void> {
    this.#loading ??= this.#load(cliConnectionId === undefined);
    await this.#loading;
    if (cliConnectionId && this.#view.status === 'ready') this.newTab({ connectionId: cliConnectionId });
  }

  newTab(cli?: { connectionId: string }): void {
    if (!this.#createTab) return;
    this.#add(this.#createTab({ key: this.#newKey(), ...(cli ? { cli } : {}) }));
    this.#set({ activeKey: this.#tabs.at(-1)!.key });
  }

  activate(key: string): void {
    if (this.tab(key)) this.#set({ activeKey: key });
  }

  async closeTab(key: string): Promise<void> {
    const tab = this.tab(key);
    if (!tab) return;
    const index = this.#tabs.indexOf(tab);
    this.#tabs = this.#tabs.filter((t) => t !== tab);
    const neighbour = this.#tabs[Math.min(index, this.#tabs.length - 1)];
    this.#set({ activeKey: this.#view.activeKey === key ? neighbour?.key : this.#view.activeKey });
    await tab.close();
  }

  async #load(startShellIfNone: boolean): Promise<void> {
    try {
      const [status, createTab] = await Promise.all([this.#sources.status(), this.#sources.tabs()]);
      if (!status.enabled) return this.#set({ status: 'disabled', message: status.reason ?? 'The terminal is disabled.' });
      this.#createTab = createTab;
      for (const session of status.sessions) this.#add(createTab({ key: this.#newKey(), session }));
      this.#set({ status: 'ready', activeKey: this.#tabs[0]?.key });
      if (this.#tabs.length === 0 && startShellIfNone) this.newTab();
      this.#sources.onThemeChange((theme) => {
        for (const tab of this.#tabs) tab.setTheme(theme);
      });
    } catch (error) {
      this.#loading = undefined; // let the next visit try again
      this.#set({ status: 'error', message: (error as Error).message });
    }
  }

  #add(tab: Tab): void {
    this.#tabs = [...this.#tabs, tab];
    tab.subscribe(() => this.#set({}));
    this.#set({});
  }

  #newKey(): string {
    return `tab-${++this.#nextKey}`;
  }

  #set(change: Partial<WorkspaceView>): void {
    this.#view = { ...this.#view, ...change, tabs: this.#tabs.map((t) => t.view) };
    for (const listener of this.#listeners) listener();
  }
}

// xterm.js needs the DOM: loaded in the browser only, when the Terminal page is first opened.
async function loadXterm(): Promise<XtermModules> {
  const [{ Terminal }, { FitAddon }] = await Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]);
  return { Terminal, FitAddon };
}

const pageSources: WorkspaceSources<TerminalTab> = {
  status: () => api.call(routes.terminal),
  tabs: async () => {
    const xterm = await loadXterm();
    return (options) => new TerminalTab(xterm, options);
  },
  onThemeChange: (listener) => void onColorSchemeChange(() => listener(terminalTheme())),
};

let store: TerminalWorkspaceStore | undefined;

/** The page-wide store. Browser only. */
export function terminalWorkspace(): TerminalWorkspaceStore {
  return (store ??= new TerminalWorkspaceStore(pageSources));
}
