// The launch contract's formats and rules, as both the server and the desktop supervisor
// rely on them. (Publishing and withdrawing through the server: announce.test.ts.)
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isPortMessage, parsePortLine, portLine, portMessage, recordInstance, serverEnvironment, withdrawInstance, withoutLaunchVariables } from './launch-contract.ts';

const homes: string[] = [];
after(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));
const tempHome = () => {
  const home = mkdtempSync(join(tmpdir(), 'dbt-contract-'));
  homes.push(home);
  return home;
};

test('the announcement line is `BACKEND_PORT:<port>` and nothing else', () => {
  assert.equal(portLine(8123), 'BACKEND_PORT:8123');
  assert.equal(parsePortLine(portLine(65535)), 65535);
  for (const line of ['BACKEND_PORT: 8123', 'xBACKEND_PORT:8123', 'BACKEND_PORT:', 'BACKEND_PORT:80a', 'BACKEND_PORT:8123 ', 'BACKEND_PORT:123456']) {
    assert.equal(parsePortLine(line), undefined, line);
  }
});

test('the parent-port message carries an integer port', () => {
  assert.ok(isPortMessage(portMessage(8123)));
  for (const message of [null, 'port', { type: 'port' }, { type: 'port', port: '8123' }, { type: 'port', port: 1.5 }, { type: 'ready', port: 1 }]) {
    assert.equal(isPortMessage(message), false, JSON.stringify(message));
  }
});

test('a launcher passes on no launch variable of its own, secrets above all', () => {
  const env = withoutLaunchVariables({
    PATH: '/usr/bin', LANG: 'C.UTF-8', UNSET: undefined,
    BACKEND_PORT: '8000', DB_TOOLKIT_HOME: '/h', DB_TOOLKIT_TOKEN: 't'.repeat(43), DB_TOOLKIT_SECRET_KEY: 'a2V5', DB_TOOLKIT_PRINT_URL: '1', ELECTRON_RUN_AS_NODE: '1',
  });
  assert.deepEqual(env, { PATH: '/usr/bin', LANG: 'C.UTF-8' });
});

test('the server\'s environment: the launcher\'s own launch variables dropped, the settings given set', () => {
  const base = { PATH: '/usr/bin', BACKEND_PORT: '1', DB_TOOLKIT_PRINT_URL: '1', ELECTRON_RUN_AS_NODE: '1', DB_TOOLKIT_SECRET_KEY: 'old', DB_TOOLKIT_LOG_LEVEL: 'warn' };
  assert.deepEqual(serverEnvironment(base, { home: '/h', token: 'tok' }), { PATH: '/usr/bin', DB_TOOLKIT_LOG_LEVEL: 'warn', DB_TOOLKIT_HOME: '/h', DB_TOOLKIT_TOKEN: 'tok' });
  assert.deepEqual(serverEnvironment({}, { home: '/h', token: 'tok', port: 8123, secretKey: 'key' }), {
    DB_TOOLKIT_HOME: '/h', DB_TOOLKIT_TOKEN: 'tok', BACKEND_PORT: '8123', DB_TOOLKIT_SECRET_KEY: 'key',
  });
});

test('withdrawing an instance whose port was never seen (a supervisor that missed the announcement) reads it from the record', () => {
  const home = tempHome();
  recordInstance(home, { pid: process.pid, port: 8125, host: '127.0.0.1', startedAt: new Date().toISOString(), version: '1' });
  assert.equal(readFileSync(join(home, 'backend.port'), 'utf8'), '8125\n');
  withdrawInstance(home, process.pid);
  assert.equal(existsSync(join(home, 'backend.port')), false);
  assert.equal(existsSync(join(home, 'instances', `${process.pid}.json`)), false);
  withdrawInstance(home, process.pid); // idempotent, and fine with nothing left
});
