// The Terminal page's tabs, from the sessions a real built server reports (GET
// /api/terminal, read with the protocol's own schema). Sessions are opened on the server
// the way an earlier page would have, over /ws/terminal. The tabs here are plain records
// of what the store asked for — the xterm.js screens need a browser (e2e/terminal.spec.ts
// covers those).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ITheme } from '@xterm/xterm';
import { TerminalStatus } from '../../server/protocol/index.ts';
import { startServer, type ServerProcess } from '../../server/testing/server-process.ts';
import { connect } from '../../server/testing/ws-client.ts';
import type { TabOptions, TabView } from './terminal-tab.ts';
import { TerminalWorkspaceStore, type WorkspaceSources, type WorkspaceTab } from './terminal-workspace-store.ts';

let server: ServerProcess;
before(async () => {
  // /bin/sh: its login profile skips root's .bashrc, whose `pyenv init` takes a lock that a
  // shell killed at the end of the test would leave behind (later bash shells wait 60 s on it).
  server = await startServer({ env: { SHELL: '/bin/sh' } });
});
after(() => server?.stop());

class RecordedTab implements WorkspaceTab {
  readonly key: string;
  readonly view: TabView;
  readonly options: TabOptions;
  closed = false;
  theme: ITheme | undefined;

  constructor(options: TabOptions) {
    this.key = options.key;
    this.options = options;
    const cli = options.session?.cli ?? options.cli;
    this.view = { key: options.key, title: options.session?.title ?? 'new', phase: options.session ? 'running' : 'starting', connection: 'open', ...(cli ? { cli } : {}) };
  }

  subscribe(): () => void {
    return () => {};
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  setTheme(theme: ITheme): void {
    this.theme = theme;
  }
}

/** Sources reading a real server's status; `statusCalls` counts the requests. */
function sources(target: () => { baseUrl: string; token: string } = () => server) {
  const made: RecordedTab[] = [];
  const themeListeners: ((theme: ITheme) => void)[] = [];
  const counts = { statusCalls: 0 };
  const value: WorkspaceSources<RecordedTab> = {
    status: async () => {
      counts.statusCalls++;
      const { baseUrl, token } = target();
      const res = await fetch(`${baseUrl}/api/terminal`, { headers: { Authorization: `Bearer ${token}` } });
      return TerminalStatus.parse(await res.json());
    },
    tabs: async () => (options) => {
      const tab = new RecordedTab(options);
      made.push(tab);
      return tab;
    },
    onThemeChange: (listener) => void themeListeners.push(listener),
  };
  return { value, made, counts, changeTheme: (theme: ITheme) => themeListeners.forEach((listener) => listener(theme)) };
}

/** Opens shell sessions on the server and leaves them running without a client, as a reloaded page does. */
async function openSessions(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const socket = await connect(server.port, '/ws/terminal', { headers: { Authorization: `Bearer ${server.token}` } });
    socket.sendJson({ type: 'open', id: 'o', cols: 80, rows: 24 });
    ids.push(String((await socket.reply('o', 10_000)).sessionId));
    socket.close();
    await socket.closed;
  }
  return ids;
}

async function closeAllSessions(): Promise<void> {
  const { sessions } = TerminalStatus.parse(await (await server.fetch('/api/terminal')).json());
  for (const { sessionId } of sessions) {
    const socket = await connect(server.port, '/ws/terminal', { headers: { Authorization: `Bearer ${server.token}` } });
    socket.sendJson({ type: 'open', id: 'o', cols: 80, rows: 24, sessionId });
    await socket.reply('o', 10_000);
    socket.sendJson({ type: 'close', id: 'c' });
    await socket.reply('c', 10_000);
    socket.close();
  }
}

test('after a reload, the tabs are the server\'s live sessions, in order, the first one active; no extra shell is started', async (t) => {
  t.after(closeAllSessions);
  const sessionIds = await openSessions(2);
  const { value, made, counts } = sources();
  const store = new TerminalWorkspaceStore(value);
  let notified = 0;
  store.subscribe(() => notified++);
  await Promise.all([store.open(), store.open()]);
  await store.open();
  assert.equal(counts.statusCalls, 1, 'loaded once');
  assert.equal(store.view.status, 'ready');
  assert.deepEqual(made.map((tab) => tab.options.session?.sessionId), sessionIds);
  assert.deepEqual(store.view.tabs.map((tab) => tab.title), ['sh', 'sh']);
  assert.equal(store.view.activeKey, made[0]!.key);
  assert.ok(notified > 0);
});

test('with no session on the server, a fresh shell tab is started and shown', async () => {
  const { value, made } = sources();
  const store = new TerminalWorkspaceStore(value);
  await store.open();
  assert.equal(made.length, 1);
  assert.equal(made[0]!.options.session, undefined);
  assert.equal(made[0]!.options.cli, undefined);
  assert.equal(store.view.activeKey, made[0]!.key);
});

test('"Open CLI" (/terminal?cli=…) opens only that connection\'s CLI, and again in a new tab on the next visit', async () => {
  const { value, made } = sources();
  const store = new TerminalWorkspaceStore(value);
  await store.open('conn-1');
  assert.deepEqual(made.map((tab) => tab.options.cli), [{ connectionId: 'conn-1' }], 'no shell besides the CLI');
  await store.open('conn-2');
  assert.deepEqual(made.map((tab) => tab.options.cli?.connectionId), ['conn-1', 'conn-2']);
  assert.equal(store.view.activeKey, made[1]!.key);
  assert.deepEqual(store.view.tabs.map((tab) => tab.cli?.connectionId), ['conn-1', 'conn-2']);
});

test('closing a tab ends its session and shows its neighbour', async () => {
  const { value, made } = sources();
  const store = new TerminalWorkspaceStore(value);
  await store.open();
  store.newTab();
  store.newTab();
  const [first, second, third] = made as [RecordedTab, RecordedTab, RecordedTab];
  store.activate(second.key);
  await store.closeTab(second.key);
  assert.ok(second.closed);
  assert.equal(store.view.activeKey, third.key, 'the next tab takes the closed one\'s place');
  await store.closeTab(third.key);
  assert.equal(store.view.activeKey, first.key, 'the last tab closed: the one before it');
  store.newTab();
  const fourth = made[3]!;
  store.activate(first.key);
  await store.closeTab(fourth.key);
  assert.equal(store.view.activeKey, first.key, 'closing another tab keeps the active one');
  await store.closeTab(first.key);
  assert.deepEqual(store.view.tabs, []);
  assert.equal(store.view.activeKey, undefined);
  store.activate('no-such-tab');
  assert.equal(store.view.activeKey, undefined);
});

test('the OS switching to dark re-themes every tab', async () => {
  const { value, made, changeTheme } = sources();
  const store = new TerminalWorkspaceStore(value);
  await store.open();
  store.newTab();
  changeTheme({ background: '#000000' });
  assert.deepEqual(made.map((tab) => tab.theme), [{ background: '#000000' }, { background: '#000000' }]);
});

test('a server that cannot be reached: the page says so, and the next visit tries again', async () => {
  let target = { baseUrl: 'http://127.0.0.1:1', token: server.token };
  const { value, counts } = sources(() => target);
  const store = new TerminalWorkspaceStore(value);
  await store.open();
  assert.equal(store.view.status, 'error');
  assert.ok(store.view.message, 'with the reason');
  target = server;
  await store.open();
  assert.equal(store.view.status, 'ready');
  assert.equal(counts.statusCalls, 2);
});

test('a server listening beyond localhost: the terminal is disabled, with the server\'s reason', async () => {
  const exposed = await startServer({ args: ['--host', '127.0.0.2'] });
  try {
    const { value, made } = sources(() => ({ baseUrl: `http://127.0.0.2:${exposed.port}`, token: exposed.token }));
    const store = new TerminalWorkspaceStore(value);
    await store.open();
    assert.equal(store.view.status, 'disabled');
    assert.match(store.view.message!, /\S/);
    store.newTab();
    assert.equal(made.length, 0, 'no tab can be opened');
  } finally {
    await exposed.stop();
  }
});
