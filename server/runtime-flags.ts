// How the server's Node must be started (every launcher passes these: `npm start`, the
// desktop supervisor, the test fixture). V8 cannot change them once running.
//
// --max-semi-space-size=8: streaming a million rows allocates fast; with the default
// 16 MB semi-spaces V8 grows the young generation to ~48 MB committed and RSS by ~60 MB,
// while 2 MB makes in-flight batches survive into the old generation (+100 MB once).
// 8 MB measured +13–15 MB RSS for 1,000,000 rows at equal or better speed (README: Benchmarks).
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8'];
