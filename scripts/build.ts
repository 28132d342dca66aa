// `npm run build`: the production server, as one self-contained folder dist/server/ that
// plain `node dist/server/server.mjs` runs — the same folder the desktop app ships.
//   1. next build (output: standalone) — the UI plus the subset of node_modules it needs;
//   2. esbuild bundles server/ into server.mjs beside it (ws, zod, pino… inlined; next is
//      resolved from the standalone node_modules);
//   3. static assets copied in, as `next build` leaves them out of standalone output;
//   4. native modules' run-time files copied in (they cannot be bundled).
// Worker entry points (server/**/*.worker.ts) become their own bundles in chunks/, beside
// the code that starts them; server/lib/worker-url.ts finds them in both layouts.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, globSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build } from 'esbuild';
import { copyNativeModules, NATIVE_MODULES } from './native-modules.ts';

const root = join(import.meta.dirname, '..');
const standalone = join(root, '.next', 'standalone');
const out = join(root, 'dist', 'server');

// Modules the bundle loads from node_modules at run time instead of inlining: Next.js
// (from the standalone output), native modules, and pg's optional native binding.
const SERVER_EXTERNALS = ['next', 'react', 'react-dom', 'pg-native', ...Object.keys(NATIVE_MODULES)];

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const started = performance.now();
run(process.execPath, [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build']);

const workers = globSync('server/**/*.worker.ts', { cwd: root });
await build({
  entryPoints: [
    { in: join(root, 'server', 'index.ts'), out: 'server' },
    // Beside the chunks that start them (worker-url.ts resolves them relative to the caller).
    ...workers.map((file) => ({ in: join(root, file), out: `chunks/${basename(file, '.ts')}` })),
  ],
  outdir: standalone,
  outExtension: { '.js': '.mjs' },
  // Shared and lazily imported code in chunks: server.mjs stays a few lines (index.ts), so
  // the compile cache it turns on covers the rest.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
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
copyNativeModules(root, join(standalone, 'node_modules'));

rmSync(out, { recursive: true, force: true });
mkdirSync(dirname(out), { recursive: true });
renameSync(standalone, out);
console.log(`\nBuilt ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s — run it with: npm start`);
