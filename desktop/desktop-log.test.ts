import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DesktopLog } from './desktop-log.ts';

test('lines are timestamped and appended; past the size limit the file rotates once', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'dbt-desktop-log-')), 'logs', 'desktop.log');
  const log = new DesktopLog(file, 150);
  log.write('[desktop] first');
  log.write('[server] second');
  await log.close();
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z \[desktop\] first$/);
  assert.equal(statSync(file).mode & 0o777, 0o600);

  const again = new DesktopLog(file, 150); // reopening appends and counts what is there
  again.write('[desktop] third, which no longer fits in 150 bytes with the first two');
  await again.close();
  assert.match(readFileSync(`${file}.1`, 'utf8'), /first[\s\S]*second/);
  assert.match(readFileSync(file, 'utf8'), /third/);
});
