// Every setting the server reads must be documented: a new environment variable or flag
// without its README line fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from './config.ts';
import { StartupError } from './errors.ts';
import { LAUNCH_ENV } from './lifecycle/launch-contract.ts';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const configSource = readFileSync(join(import.meta.dirname, 'config.ts'), 'utf8');

test('every environment variable and flag the server reads is in the README', () => {
  const variables = new Set([
    ...[...configSource.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!),
    ...[...configSource.matchAll(/env\[LAUNCH_ENV\.(\w+)\]/g)].map((m) => LAUNCH_ENV[m[1] as keyof typeof LAUNCH_ENV]),
  ]);
  const flags = [...configSource.matchAll(/^\s+([a-z][a-z-]*): \{ type: '(?:string|boolean)'/gm)].map((m) => `--${m[1]}`);
  assert.ok(variables.size >= 5 && flags.length >= 2, 'the pattern no longer finds the settings');
  for (const name of [...variables, ...flags]) assert.ok(readme.includes(`\`${name}`), `${name} is not documented in README.md`);
});

test('bad settings are refused with a message that names them', () => {
  const dir = import.meta.dirname;
  assert.throws(() => loadConfig([], { BACKEND_PORT: '70000' }, dir), /BACKEND_PORT must be a port number between 1 and 65535; got "70000"/);
  assert.throws(() => loadConfig([], { DB_TOOLKIT_TOKEN: 'short' }, dir), (e: Error) => e instanceof StartupError && !e.message.includes('short'));
  assert.throws(() => loadConfig([], { DB_TOOLKIT_LOG_LEVEL: 'loud' }, dir), /DB_TOOLKIT_LOG_LEVEL must be one of/);
  assert.throws(() => loadConfig(['--port', '1'], {}, dir), /Bad command line/);
});

test('defaults: loopback only, ~/.db-toolkit, a fresh 256-bit token', () => {
  const a = loadConfig([], {}, import.meta.dirname);
  const b = loadConfig([], {}, import.meta.dirname);
  assert.equal(a.host, '127.0.0.1');
  assert.match(a.home, /\.db-toolkit$/);
  assert.equal(Buffer.from(a.token, 'base64url').length, 32);
  assert.notEqual(a.token, b.token);
  assert.equal(a.printOpenUrl, true);
});
