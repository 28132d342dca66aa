// A write either lands whole or not at all: short writes are completed, and a full disk
// (injected, then real on a tiny tmpfs when run as root) leaves the previous file intact,
// no temporary file behind, and a typed disk_full error for the caller.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DiskFullError } from '../errors.ts';
import { TEMP_FILE_PATTERN, writeFileAtomicSync } from './atomic-write.ts';

const dir = mkdtempSync(join(tmpdir(), 'atomic-write-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const noSpace = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

test('short writes are continued until every byte is written', () => {
  const file = join(dir, 'short.json');
  const payload = JSON.stringify({ text: 'x'.repeat(100_000) });
  let calls = 0;
  writeFileAtomicSync(file, payload, {
    write: (fd, buffer, offset, length) => {
      calls++;
      return writeSync(fd, buffer, offset, Math.min(length, 4093));
    },
  });
  assert.equal(readFileSync(file, 'utf8'), payload);
  assert.ok(calls > 20, `expected many short writes, got ${calls}`);
});

for (const [what, write] of [
  ['a write that fails half way with ENOSPC', (() => {
    let first = true;
    return (fd: number, buffer: Uint8Array, offset: number, length: number) => {
      if (!first) throw noSpace();
      first = false;
      return writeSync(fd, buffer, offset, Math.floor(length / 2));
    };
  })()],
  ['a write that makes no progress', () => 0],
] as const) {
  test(`${what} keeps the previous file and throws disk_full`, () => {
    const file = join(dir, 'kept.json');
    writeFileAtomicSync(file, '{"old":true}\n');
    assert.throws(() => writeFileAtomicSync(file, '{"new":true}\n'.repeat(1000), { write }), (error: unknown) => {
      assert.ok(error instanceof DiskFullError);
      assert.equal(error.code, 'disk_full');
      assert.equal(error.status, 507);
      assert.match(error.message, /kept\.json/);
      return true;
    });
    assert.equal(readFileSync(file, 'utf8'), '{"old":true}\n');
    assert.deepEqual(readdirSync(dir).filter((f) => TEMP_FILE_PATTERN.test(f)), []);
  });
}

function mountTinyTmpfs(target: string): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs root on Linux to mount a tmpfs';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', target], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mount -t tmpfs failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

test('on a really full disk (256 KB tmpfs) the previous file survives', (t) => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'atomic-write-tmpfs-'));
  const skipped = mountTinyTmpfs(mountPoint);
  if (skipped) {
    rmSync(mountPoint, { recursive: true, force: true });
    t.skip(skipped);
    return;
  }
  try {
    const file = join(mountPoint, 'workspace.json');
    const good = JSON.stringify({ tabs: 'y'.repeat(100_000) });
    writeFileAtomicSync(file, good);
    assert.throws(() => writeFileAtomicSync(file, JSON.stringify({ tabs: 'z'.repeat(200_000) })), DiskFullError);
    assert.equal(readFileSync(file, 'utf8'), good);
    assert.deepEqual(readdirSync(mountPoint), ['workspace.json']);
  } finally {
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  }
});
