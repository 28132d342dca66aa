// electron-builder configuration for the desktop app (`npm run package[:linux|:win|:mac]`,
// which first builds the server and bundles the shell; see desktop/build/package.ts).
//
//   app.asar          dist/desktop/app: the bundled shell, no node_modules
//   resources/server  dist/server: the production server (Next standalone + server.mjs +
//                     native modules), run by Electron's Node in a utility process
//
// The native modules (better-sqlite3, node-pty) are Node-API modules: one binary works in
// Node and in Electron, so none is rebuilt for Electron's ABI. They sit in
// resources/server, never inside app.asar, where a utility process can load them.
//
// Auto-update: set DB_TOOLKIT_UPDATE_URL when packaging to publish update metadata for a
// generic HTTPS server (electron-updater checks it); without it, updates stay off.
// Offline `--dir` builds: pass -c.electronDist=<unpacked Electron distribution>.
import type { Configuration } from 'electron-builder';
import { APP_ID, EXECUTABLE_NAME, MAINTAINER, PRODUCT_NAME } from './product.ts';

const updateUrl = process.env.DB_TOOLKIT_UPDATE_URL;
const icon = 'public/icon.png';
const noSourceMaps = ['**/*', '!**/*.map', '!**/*.d.ts'];

const config: Configuration = {
  appId: APP_ID,
  productName: PRODUCT_NAME,
  executableName: EXECUTABLE_NAME,
  copyright: `Copyright © ${new Date().getFullYear()} ${PRODUCT_NAME} contributors`,
  directories: { app: 'dist/desktop/app', output: 'dist/installers' },
  files: ['**/*'],
  asar: true,
  extraResources: [
    { from: 'dist/server', to: 'server', filter: noSourceMaps },
    // electron-builder leaves node_modules out of a copied folder; copy it explicitly.
    { from: 'dist/server/node_modules', to: 'server/node_modules', filter: noSourceMaps },
  ],
  // The shell is one bundle and the server brings its own node_modules, so app.asar needs
  // none: resolving false tells electron-builder the app's node_modules are handled here
  // (otherwise it would pack the whole project's dependencies, ≈360 MB).
  beforeBuild: async () => false,
  nodeGypRebuild: false,
  // Hardening: no NODE_OPTIONS, no --inspect, cookies encrypted, only app.asar loads.
  // RunAsNode stays on: the server runs each SQLite query session as a child Node process
  // (fork with ELECTRON_RUN_AS_NODE) because only a process can be stopped while SQLite is
  // inside one long step — a cancelled write must roll back, not finish and commit.
  electronFuses: {
    runAsNode: true,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  publish: updateUrl ? [{ provider: 'generic', url: updateUrl }] : null,
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    icon,
    maintainer: MAINTAINER,
    synopsis: 'Database workbench for SQLite, PostgreSQL and MySQL',
  },
  deb: { artifactName: '${name}_${version}_${arch}.${ext}' },
  win: { target: ['nsis'], icon },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], icon, category: 'public.app-category.developer-tools', hardenedRuntime: true },
};

export default config;
