// The data directory: a read-only or uncreatable home stops the server with one line naming
// it and the cause (checked on a read-only tmpfs when run as root, where permissions alone
// would not stop a write); temporary files of interrupted writes are swept at start, except
// those of another live instance.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { StartupError } from '../errors.ts';
import { startServer, startServerExpectingFailure } from '../testing/server-process.ts';
import { prepareHome, sweepTempFiles } from './home.ts';

const dir = mkdtempSync(join(tmpdir(), 'dbt-home-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function readOnlyMount(): { path: string; skip?: string; unmount(): void } {
  const path = mkdtempSync(join(dir, 'ro-'));
  const none = { path, unmount: () => {} };
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return { ...none, skip: 'needs root on Linux to mount a read-only tmpfs (as another user, permissions would do, but root ignores them)' };
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', path], { stdio: 'pipe' });
  } catch (error) {
    return { ...none, skip: `mount failed: ${(error as Error).message.split('\n')[0]}` };
  }
  return { path, unmount: () => execFileSync('umount', [path]) };
}

test('a read-only home, existing or to be created, is one line naming it and the cause', async (t) => {
  const ro = readOnlyMount();
  if (ro.skip) return t.skip(ro.skip);
  try {
    for (const home of [ro.path, join(ro.path, 'fresh', 'home')]) {
      assert.throws(() => prepareHome(home), (error: unknown) => {
        assert.ok(error instanceof StartupError);
        assert.ok(error.message.includes(home), error.message);
        assert.match(error.message, /read-only file system \(EROFS\)/);
        return true;
      });
      const { code, stderr } = await startServerExpectingFailure({ home });
      assert.equal(code, 1);
      const lines = stderr.trim().split('\n');
      assert.equal(lines.length, 1, stderr);
      assert.match(lines[0]!, new RegExp(`^db-toolkit: The data directory ${home} (is not writable|cannot be created): it is on a read-only file system`));
      assert.doesNotMatch(stderr, /\n\s+at |ENOENT/);
    }
  } finally {
    ro.unmount();
  }
});

test('a home below a file is refused with the reason', () => {
  writeFileSync(join(dir, 'a-file'), '');
  assert.throws(() => prepareHome(join(dir, 'a-file', 'home')), /cannot be created: a part of the path is a file, not a directory \(ENOTDIR\)/);
});

test('temporary files of interrupted writes are swept at start; a live instance\'s are kept', async () => {
  const home = mkdtempSync(join(dir, 'home-'));
  mkdirSync(join(home, 'history'));
  const deadPid = 2 ** 22 + 12345; // above Linux's pid_max default: never a live process
  const stale = [join(home, `workspace.json.${deadPid}.0badf00d.tmp`), join(home, 'history', `c1.jsonl.${deadPid}.deadbeef.tmp`)];
  const live = join(home, `connections.json.${process.pid}.cafe0123.tmp`); // this test process is alive
  for (const file of [...stale, live]) writeFileSync(file, 'x'.repeat(4096));
  writeFileSync(join(home, 'notes.tmp'), 'not ours'); // not our pattern: left alone

  assert.deepEqual(sweepTempFiles(mkdtempSync(join(dir, 'empty-'))), { files: 0, bytes: 0 });
  const server = await startServer({ home });
  try {
    for (const file of stale) assert.equal(existsSync(file), false, `${file} was swept`);
    assert.equal(existsSync(live), true);
    assert.equal(existsSync(join(home, 'notes.tmp')), true);
    assert.deepEqual(readdirSync(join(home, 'history')), []);
  } finally {
    await server.stop();
  }
});
