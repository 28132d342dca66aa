// One terminal tab: an xterm.js screen and its own /ws/terminal socket. The socket
// reconnects with backoff and, each time it is back, reattaches the same server session
// (the server replays the screen). The tab outlives the Terminal page's React tree, so
// leaving the page for another section does not end the shell.
import type { FitAddon } from '@xterm/addon-fit';
import type { ITheme, Terminal } from '@xterm/xterm';
import {
  WS_PATHS,
  type TerminalClientMessage,
  type TerminalExit,
  type TerminalServerMessage,
  type TerminalSessionInfo,
} from '../../server/protocol/index.ts';
import { ReconnectingSocket, type SocketStatus } from '../lib/reconnecting-socket.ts';
import { terminalFont, terminalTheme } from './terminal-theme.ts';

/**
 * starting: waiting for the server to open or reattach the session; running; exited: the
 * process ended; ended: the server no longer has the session; failed: it could not be
 * started; detached: another window took the session over.
 */
export type TabPhase = 'starting' | 'running' | 'exited' | 'ended' | 'failed' | 'detached';

export interface TabView {
  key: string;
  title: string;
  phase: TabPhase;
  /** The socket's state: 'reconnecting' while the server is out of reach. */
  connection: SocketStatus;
  exit?: TerminalExit;
  error?: string;
  cli?: { connectionId: string };
}

export interface XtermModules {
  Terminal: typeof Terminal;
  FitAddon: typeof FitAddon;
}

export interface TabOptions {
  key: string;
  /** A live session on the server to reattach. */
  session?: TerminalSessionInfo;
  /** A connection whose CLI to start, instead of a shell. */
  cli?: { connectionId: string };
}

/** Pasted text is sent in pieces below the protocol's 64 KiB per `input` message. */
const INPUT_CHUNK = 16 * 1024;

export class TerminalTab {
  readonly key: string;
  readonly #cli: { connectionId: string } | undefined;
  readonly #term: Terminal;
  readonly #fit: FitAddon;
  readonly #socket: ReconnectingSocket<TerminalClientMessage, TerminalServerMessage>;
  readonly #listeners = new Set<() => void>();
  #sessionId: string | undefined;
  /** Id of the `open` request in flight: its reply decides the phase. */
  #openId: string | undefined;
  #view: TabView;

  constructor(xterm: XtermModules, options: TabOptions) {
    this.key = options.key;
    this.#cli = options.session?.cli ?? options.cli;
    this.#sessionId = options.session?.sessionId;
    this.#view = {
      key: this.key,
      title: options.session?.title ?? (this.#cli ? 'CLI' : 'Shell'),
      phase: 'starting',
      connection: 'connecting',
      ...(this.#cli ? { cli: this.#cli } : {}),
    };

    this.#term = new xterm.Terminal({ fontFamily: terminalFont(), fontSize: 13, theme: terminalTheme(), cursorBlink: true, scrollback: 5000 });
    this.#fit = new xterm.FitAddon();
    this.#term.loadAddon(this.#fit);
    this.#term.onData((data) => this.#input(data));
    this.#term.onResize(({ cols, rows }) => {
      if (this.#view.phase === 'running') this.#socket.send({ type: 'resize', cols, rows });
    });

    this.#socket = new ReconnectingSocket(WS_PATHS.terminal);
    this.#socket.onBinary((data) => this.#term.write(new Uint8Array(data)));
    this.#socket.onMessage((message) => this.#receive(message));
    this.#socket.subscribeState(() => this.#update({ connection: this.#socket.state.status }));
    this.#socket.onOpen(() => {
      // Back after a drop: reattach. A tab whose session is over, or was taken by another
      // window, waits for the user instead.
      if (this.#view.phase === 'starting' || this.#view.phase === 'running') this.#open();
    });
  }

  get view(): TabView {
    return this.#view;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Shows the screen in `element` (the first time: creates it there; later: moves it there). */
  mount(element: HTMLElement): void {
    const screen = this.#term.element;
    if (!screen) this.#term.open(element);
    else if (screen.parentElement !== element) element.appendChild(screen);
  }

  /** Fits the screen to its element; a new size is sent to the server (the shell sees SIGWINCH). */
  fit(): void {
    this.#fit.fit();
  }

  focus(): void {
    this.#term.focus();
  }

  setTheme(theme: ITheme): void {
    this.#term.options.theme = theme;
  }

  /** Starts a fresh session in this tab (after an exit, an end or a failure). */
  async restart(): Promise<void> {
    if (this.#sessionId && this.#view.phase === 'exited') {
      // Let the server forget the finished session before opening the next one.
      await this.#socket.request({ type: 'close', id: this.#socket.newId() }).catch(() => {});
    }
    this.#sessionId = undefined;
    this.#term.reset();
    this.#update({ phase: 'starting', exit: undefined, error: undefined });
    this.#open();
  }

  /** Takes the session back from the window that took it over. */
  takeBack(): void {
    this.#update({ phase: 'starting' });
    this.#open();
  }

  /** Ends the session on the server (unless another window holds it) and frees the tab. */
  async close(): Promise<void> {
    const ownsSession = this.#sessionId !== undefined && this.#view.phase !== 'detached';
    if (ownsSession && this.#socket.state.status === 'open') {
      await this.#socket.request({ type: 'close', id: this.#socket.newId() }).catch(() => {});
    }
    this.dispose();
  }

  dispose(): void {
    this.#listeners.clear();
    this.#socket.close();
    this.#term.dispose();
  }

  #open(): void {
    const id = this.#socket.newId();
    const size = { cols: this.#term.cols, rows: this.#term.rows };
    const sent = this.#socket.send(
      this.#sessionId ? { type: 'open', id, ...size, sessionId: this.#sessionId } : { type: 'open', id, ...size, ...(this.#cli ? { cli: this.#cli } : {}) },
    );
    // Not connected: onOpen sends it once the socket is back.
    this.#openId = sent ? id : undefined;
  }

  #receive(message: TerminalServerMessage): void {
    switch (message.type) {
      case 'opened':
        if (message.id !== this.#openId) return;
        this.#sessionId = message.sessionId;
        // The server replays the session's screen next; start from a clean one.
        if (message.reattached) this.#term.reset();
        this.#update({ phase: 'running', title: message.title, exit: undefined, error: undefined });
        return;
      case 'error':
        if (message.id === undefined || message.id !== this.#openId) return;
        if (this.#sessionId && message.code === 'not_found') {
          this.#sessionId = undefined;
          this.#update({ phase: 'ended' });
        } else {
          this.#update({ phase: 'failed', error: message.message });
        }
        return;
      case 'exited':
        this.#update({ phase: 'exited', exit: { exitCode: message.exitCode, signal: message.signal } });
        return;
      case 'detached':
        this.#update({ phase: 'detached' });
        return;
    }
  }

  #input(data: string): void {
    if (this.#view.phase !== 'running') return;
    for (let start = 0; start < data.length; ) {
      let end = Math.min(start + INPUT_CHUNK, data.length);
      // Never split a surrogate pair between two messages.
      if (end < data.length && /[\uD800-\uDBFF]/.test(data[end - 1]!)) end--;
      this.#socket.send({ type: 'input', data: data.slice(start, end) });
      start = end;
    }
  }

  #update(change: Partial<TabView>): void {
    this.#view = { ...this.#view, ...change };
    for (const listener of this.#listeners) listener();
  }
}
