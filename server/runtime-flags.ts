// Which Node.js runs the server, and how it must be started (every launcher passes these
// flags: `npm start`, the desktop supervisor, the test fixture). V8 cannot change them
// once running.
//
// --max-semi-space-size=8: streaming a million rows allocates fast; with the default
// 16 MB semi-spaces V8 grows the young generation to ~48 MB committed and RSS by ~60 MB,
// while 2 MB makes in-flight batches survive into the old generation (+100 MB once).
// 8 MB measured +13–15 MB RSS for 1,000,000 rows at equal or better speed (README: Benchmarks).
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8'];

// Node.js 24 (the Node inside Electron 45, and package.json's "engines"). An older `node`
// run on dist/server/server.mjs — the machine's own rather than the project's — must get
// one line saying what to do, not a SyntaxError about an API it lacks: index.ts checks
// before anything else loads.
export const REQUIRED_NODE_MAJOR = 24;

/** The line to print when `version` (process.versions.node) is too old to run the server. */
export function nodeTooOld(version: string): string | undefined {
  if (Number.parseInt(version, 10) >= REQUIRED_NODE_MAJOR) return undefined;
  return `db-toolkit: the server needs Node.js ${REQUIRED_NODE_MAJOR} or newer, and this is Node.js ${version}. Start it with "npm start", which runs the project's own Node.js ${REQUIRED_NODE_MAJOR}.`;
}
