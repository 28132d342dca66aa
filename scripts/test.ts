// `npm test`: the whole suite, on a fresh machine too. Installs what the tests need and is
// missing (Chromium, PostgreSQL, MariaDB, sqlite3 — via apt when run as root on Debian/Ubuntu,
// else Playwright's own Chromium), builds, type-checks, then runs the node:test suites
// (app modules, server, desktop supervisor), the fault-injection suite and the Playwright
// e2e suite against the production build. The desktop e2e test (e2e/desktop) needs Electron's binary; where it
// is absent it is reported as skipped, with the reason.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../server/runtime-flags.ts';
import { findMariadbBinaries } from '../server/testing/mariadb.ts';
import { findPostgresBinaries } from '../server/testing/postgres.ts';

const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const steps: { name: string; seconds: number }[] = [];

/** `minutes`: the step is killed past it, so a hang fails the run inside CI's budget instead of using it up. */
function step(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, minutes = 15): void {
  console.log(`\n━━ ${name}: ${[command, ...args].join(' ')}`);
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, timeout: minutes * 60_000 });
  steps.push({ name, seconds: (performance.now() - started) / 1000 });
  if (result.status !== 0) {
    const why = result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `still running after ${minutes} minutes` : `exit ${result.status ?? result.signal}`;
    console.error(`\n✖ ${name} failed (${why}).`);
    process.exit(result.status ?? 1);
  }
}

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
function present(find: () => unknown): boolean {
  try {
    find();
    return true;
  } catch {
    return false;
  }
}
const postgresPresent = () => present(findPostgresBinaries);
const mariadbPresent = () => present(findMariadbBinaries);

const missing: string[] = [];
if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
if (!postgresPresent()) missing.push('postgresql');
if (!mariadbPresent()) missing.push('mariadb-server', 'mariadb-client');
if (!has('sqlite3')) missing.push('sqlite3');
if (missing.length) {
  if (process.getuid?.() === 0 && has('apt-get')) {
    step('install system packages', 'sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${missing.join(' ')}`], { DEBIAN_FRONTEND: 'noninteractive' });
  } else if (missing.includes('chromium')) {
    // Not root or not Debian: Playwright's own browser instead of the system one.
    step('install Playwright Chromium', bin('playwright'), ['install', 'chromium']);
  }
  if (!postgresPresent()) {
    console.error('\n✖ PostgreSQL server binaries are missing; the database tests need them. Install PostgreSQL (apt-get install postgresql / brew install postgresql) or set PG_BIN.');
    process.exit(1);
  }
  if (!mariadbPresent()) {
    console.error('\n✖ MariaDB (mariadbd, mariadb-install-db, mariadb) is missing; the database tests need it. Install it (apt-get install mariadb-server mariadb-client / brew install mariadb).');
    process.exit(1);
  }
}

step('build', process.execPath, [join(root, 'scripts', 'build.ts')]);
// desktop/ is type-checked against Electron's own types (the binary itself cannot run here).
for (const project of ['.', 'server', 'scripts', 'e2e', 'bench', 'desktop']) step(`typecheck ${project}`, bin('tsc'), ['-p', project]);
// The drivers run inside the server, so the tests run them with the server's V8 flags. A test
// that hangs fails after five minutes. (Not --test-force-exit: it ends a file's process while
// suites of it are still to run — a third of a file's tests went missing, silently.)
const NODE_TEST = [...SERVER_NODE_FLAGS, '--test', '--test-concurrency=1', '--test-timeout=300000'];
step('unit and integration tests', process.execPath, [...NODE_TEST, 'app/**/*.test.ts', 'server/**/*.test.ts', 'desktop/**/*.test.ts'], {}, 40);
// Faults injected into the built server: full disk (a tmpfs, when root), kill -9, lost
// backends, malformed input, session caps under load, secrets (npm run test:faults).
step('fault-injection tests', process.execPath, [...NODE_TEST, 'server/faults/*.faults.ts'], {}, 10);
step('end-to-end tests', bin('playwright'), ['test', '-c', 'e2e'], {}, 35);

console.log('\n✔ All tests passed.');
for (const s of steps) console.log(`   ${s.name.padEnd(28)} ${s.seconds.toFixed(1).padStart(6)} s`);
