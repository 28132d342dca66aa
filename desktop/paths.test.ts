import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktopPaths } from './paths.ts';

const base = { isPackaged: false, resourcesPath: '/opt/DB Toolkit/resources', appPath: '/repo/dist/desktop/app', userData: '/home/u/.config/DB Toolkit', env: {} };

test('packaged: the server ships in resources/server; data and logs under userData', () => {
  const paths = desktopPaths({ ...base, isPackaged: true, appPath: '/opt/DB Toolkit/resources/app.asar' });
  assert.equal(paths.server.entry, '/opt/DB Toolkit/resources/server/server.mjs');
  assert.equal(paths.server.cwd, '/opt/DB Toolkit/resources/server');
  assert.equal(paths.server.nodePath, undefined, "Electron's own Node runs it");
  assert.equal(paths.home, '/home/u/.config/DB Toolkit/data');
  assert.equal(paths.desktopLog, '/home/u/.config/DB Toolkit/data/logs/desktop.log');
  assert.equal(paths.secretKeyFile, '/home/u/.config/DB Toolkit/secret-key.bin');
  assert.equal(paths.icon, '/opt/DB Toolkit/resources/server/public/icon.png');
});

test('unpackaged: dist/desktop/app runs dist/server', () => {
  assert.equal(desktopPaths(base).server.entry, '/repo/dist/server/server.mjs');
});

test('npm run desktop: the dev server from the sources, with the project Node', () => {
  const paths = desktopPaths({ ...base, env: { DB_TOOLKIT_DESKTOP_DEV: '/repo', DB_TOOLKIT_DESKTOP_NODE: '/repo/node_modules/node/bin/node' } });
  assert.deepEqual(paths.server, { entry: '/repo/server/index.ts', args: ['--dev'], cwd: '/repo', nodePath: '/repo/node_modules/node/bin/node' });
  assert.equal(paths.dev, true);
});

test('DB_TOOLKIT_HOME moves the data (and the logs with it)', () => {
  const paths = desktopPaths({ ...base, env: { DB_TOOLKIT_HOME: '/data/dbt' } });
  assert.equal(paths.home, '/data/dbt');
  assert.equal(paths.logsDir, '/data/dbt/logs');
});
