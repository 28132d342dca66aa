// `npm run build`: the production server, as one self-contained folder dist/server/ that
// plain `node dist/server/server.mjs` runs — the same folder the desktop app ships.
//   1. next build (output: standalone) — the UI plus the subset of node_modules it needs;
//   2. esbuild bundles server/ into server.mjs beside it (ws, zod, pino… inlined; next is
//      resolved from the standalone node_modules);
//   3. static assets copied in, as `next build` leaves them out of standalone output.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const standalone = join(root, '.next', 'standalone');
const out = join(root, 'dist', 'server');

// Modules the bundle must load from node_modules at run time instead of inlining.
export const SERVER_EXTERNALS = ['next', 'react', 'react-dom'];

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const started = performance.now();
run(process.execPath, [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build']);

await build({
  entryPoints: [join(root, 'server', 'index.ts')],
  outfile: join(standalone, 'server.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  external: SERVER_EXTERNALS,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); give the ES module one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
rmSync(join(standalone, 'server.js'), { force: true }); // Next's own server; ours replaces it
cpSync(join(root, '.next', 'static'), join(standalone, '.next', 'static'), { recursive: true });
if (existsSync(join(root, 'public'))) cpSync(join(root, 'public'), join(standalone, 'public'), { recursive: true });

rmSync(out, { recursive: true, force: true });
mkdirSync(dirname(out), { recursive: true });
renameSync(standalone, out);
console.log(`\nBuilt ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s — run it with: npm start`);
