// What a terminal's process starts with: the user's shell, the terminal type, and none of
// the server's own secrets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalEnvironment, userShell } from './environment.ts';

test('the user\'s $SHELL as a login shell', () => {
  assert.deepEqual(userShell({ SHELL: '/bin/sh' }), { command: '/bin/sh', args: ['-l'], title: 'sh' });
});

test('falls back to /bin/bash when $SHELL is unset, relative or missing', () => {
  for (const SHELL of [undefined, 'bash', '/no/such/shell']) {
    assert.equal(userShell({ SHELL }).command, '/bin/bash', String(SHELL));
  }
});

test('the environment carries the terminal type but no launch variable: not the token, not the password key', () => {
  const env = terminalEnvironment({
    PATH: '/usr/bin', HOME: '/home/u', DB_TOOLKIT_TOKEN: 'secret-token-value', DB_TOOLKIT_SECRET_KEY: 'a2V5', ELECTRON_RUN_AS_NODE: '1',
    BACKEND_PORT: '8000', DB_TOOLKIT_HOME: '/home/u/.db-toolkit', TERM: 'dumb',
  });
  assert.equal(env.TERM, 'xterm-256color');
  assert.equal(env.COLORTERM, 'truecolor');
  assert.equal(env.PATH, '/usr/bin');
  assert.equal(env.HOME, '/home/u');
  for (const name of ['DB_TOOLKIT_TOKEN', 'DB_TOOLKIT_SECRET_KEY', 'ELECTRON_RUN_AS_NODE', 'BACKEND_PORT', 'DB_TOOLKIT_HOME']) assert.equal(env[name], undefined, name);
});
