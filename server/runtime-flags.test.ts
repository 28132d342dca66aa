import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import { BUILT_SERVER } from './testing/server-process.ts';
import { nodeTooOld, REQUIRED_NODE_MAJOR, SERVER_NODE_FLAGS } from './runtime-flags.ts';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; engines: { node: string } };

test('`npm start` runs the server with the same Node flags as every other launcher', () => {
  assert.equal(pkg.scripts.start, `node ${SERVER_NODE_FLAGS.join(' ')} dist/server/server.mjs`);
});

test('`npm run test:unit` runs the drivers with the flags of the server they live in', () => {
  assert.ok(pkg.scripts['test:unit']!.startsWith(`node ${SERVER_NODE_FLAGS.join(' ')} --test`), pkg.scripts['test:unit']);
});

test('the Node.js version the server checks for is the one package.json asks for', () => {
  assert.equal(pkg.engines.node, `>=${REQUIRED_NODE_MAJOR}`);
  assert.equal(nodeTooOld(process.versions.node), undefined, 'the tests run on the Node the server needs');
  assert.equal(nodeTooOld(`${REQUIRED_NODE_MAJOR}.0.0`), undefined);
  assert.match(nodeTooOld('22.12.0')!, /needs Node\.js 24 or newer, and this is Node\.js 22\.12\.0\. Start it with "npm start"/);
});

/** A `node` on PATH older than the server needs (the machine's own, not the project's), if any. */
function olderNode(): { path: string; version: string } | undefined {
  const own = realpathSync(process.execPath);
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, 'node');
    try {
      accessSync(path, constants.X_OK);
      if (realpathSync(path) === own) continue;
    } catch {
      continue;
    }
    const version = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
    if (version && Number.parseInt(version, 10) < REQUIRED_NODE_MAJOR) return { path, version };
  }
  return undefined;
}

test('`node dist/server/server.mjs` on an older Node.js: one line saying which version is needed and to use `npm start`', (t) => {
  const old = olderNode();
  if (!old) return t.skip(`no Node.js older than ${REQUIRED_NODE_MAJOR} on PATH to try it with`);
  const home = mkdtempSync(join(tmpdir(), 'dbt-old-node-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const result = spawnSync(old.path, [BUILT_SERVER], { encoding: 'utf8', env: { ...process.env, DB_TOOLKIT_HOME: home }, timeout: 20_000 });
  t.diagnostic(`${old.path} is Node.js ${old.version}`);
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, `${nodeTooOld(old.version)}\n`);
});
