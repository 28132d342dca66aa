// The packaged app's layout, built by electron-builder itself (`--dir`) from the real
// configuration, and the server started from it with plain Node the way Electron's utility
// process starts it. Electron's binary cannot be downloaded here, so a stand-in
// distribution (a script named `electron`) takes its place; that is also why fuses are
// off in this build only — flipping them needs the real binary.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build, Platform } from 'electron-builder';
import { BUILT_SERVER } from '../server/testing/server-process.ts';
import { bundleDesktop } from './build/bundle.ts';
import config from './electron-builder.config.ts';
import { nodeLauncher } from './sidecar-process.ts';
import { ServerSupervisor } from './supervisor.ts';

const root = join(import.meta.dirname, '..');
if (!existsSync(BUILT_SERVER)) throw new Error(`${BUILT_SERVER} is missing: run "npm run build" before the desktop tests.`);
if (process.platform !== 'linux') throw new Error('This packaging test builds the Linux layout; run it on Linux.');

const work = mkdtempSync(join(tmpdir(), 'dbt-package-'));
const resources = join(work, 'out', 'linux-unpacked', 'resources');
after(() => rmSync(work, { recursive: true, force: true }));

before(async () => {
  const standIn = join(work, 'electron-dist');
  mkdirSync(standIn);
  writeFileSync(join(standIn, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
  chmodSync(join(standIn, 'electron'), 0o755);
  writeFileSync(join(standIn, 'LICENSE'), 'stand-in\n');
  await bundleDesktop(root);
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { ...config, electronDist: standIn, electronFuses: null, directories: { ...config.directories, output: join(work, 'out') } },
  });
});

describe('packaged layout (electron-builder --dir)', () => {
  test('app.asar holds only the bundled shell; resources/server is dist/server without source maps', () => {
    const asar = execFileSync(process.execPath, [join(root, 'node_modules', '@electron', 'asar', 'bin', 'asar.js'), 'list', join(resources, 'app.asar')], { encoding: 'utf8' });
    assert.deepEqual(asar.trim().split('\n').sort(), ['/main.cjs', '/package.json', '/preload.cjs', '/splash-preload.cjs', '/splash.html']);
    const server = join(resources, 'server');
    for (const path of ['server.mjs', 'package.json', '.next/BUILD_ID', 'public/icon.png', 'node_modules/next/package.json', 'node_modules/better-sqlite3/package.json', 'node_modules/node-pty/package.json']) {
      assert.ok(existsSync(join(server, path)), `resources/server/${path} is missing`);
    }
    assert.deepEqual(readdirSync(server, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.map')), []);
  });

  test('the native modules load from resources/server with plain Node (Node-API: the same binaries load in Electron)', () => {
    const modules = join(resources, 'server', 'node_modules');
    const script = `
      const Database = require(${JSON.stringify(join(modules, 'better-sqlite3'))});
      const db = new Database(':memory:');
      const sqlite = db.prepare('select sqlite_version() as v').get().v;
      const pty = require(${JSON.stringify(join(modules, 'node-pty'))});
      const term = pty.spawn('/bin/sh', ['-c', 'echo pty-ok'], {});
      let out = '';
      term.onData((d) => (out += d));
      term.onExit(() => console.log(JSON.stringify({ sqlite, pty: out.trim() })));`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    assert.match(result.sqlite, /^3\./);
    assert.equal(result.pty, 'pty-ok');
  });

  test('the supervisor starts resources/server/server.mjs as Electron would, and the UI is served', async () => {
    const home = join(work, 'home');
    const server = join(resources, 'server');
    const supervisor = new ServerSupervisor({ entry: join(server, 'server.mjs'), cwd: server, home, launcher: nodeLauncher() });
    const ready = await supervisor.start();
    try {
      const page = await fetch(`${ready.origin}/?token=${supervisor.token}`, { redirect: 'manual' });
      assert.equal(page.status, 302, 'the token hand-off sets the cookie and redirects');
      const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
      const html = await fetch(ready.url, { headers: { cookie } });
      assert.equal(html.status, 200);
      assert.match(await html.text(), /<html/);
      assert.equal((await fetch(`${ready.origin}/icon.png`, { headers: { cookie } })).status, 200);
    } finally {
      await supervisor.stop();
    }
  });
});
