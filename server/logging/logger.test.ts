import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createServerLog } from './logger.ts';

const quiet = { write: () => true };

test('redacts secret fields and registered secrets before any destination sees them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbt-log-'));
  const consoleLines: string[] = [];
  const log = createServerLog({ logsDir: dir, level: 'info', console: { write: (t: string) => consoleLines.push(t) } });
  log.secrets.add('sekrit-token-value');
  log.logger.info({ password: 'hunter22', conn: { password: 'x1', host: 'db' } }, 'connecting');
  log.logger.warn('leaked sekrit-token-value in a message');
  await log.close();
  const file = readFileSync(join(dir, 'server.log'), 'utf8');
  for (const text of [file, consoleLines.join(''), JSON.stringify(log.buffer.recent(10))]) {
    assert.ok(!text.includes('hunter22') && !text.includes('x1"') && !text.includes('sekrit-token-value'), text);
    assert.ok(text.includes('[redacted]'));
  }
  assert.equal(log.buffer.recent(10).length, 2);
  assert.equal(log.buffer.recent(10)[1]!.level, 'warn');
});

test('rotates by size and keeps a bounded number of files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbt-log-'));
  const log = createServerLog({ logsDir: dir, level: 'info', console: quiet, maxFileSize: '10K', filesKept: 3 });
  for (let i = 0; i < 2000; i++) {
    log.logger.info({ i, pad: 'x'.repeat(100) }, 'filler');
    if (i % 100 === 0) await new Promise((r) => setTimeout(r, 5)); // let rotations happen
  }
  await log.close();
  const files = readdirSync(dir).sort();
  assert.ok(files.includes('server.log'));
  assert.ok(files.length > 1 && files.length <= 4, `files: ${files.join(', ')}`);
  for (const f of files) assert.ok(statSync(join(dir, f)).size < 40 * 1024, `${f} too big`);
});
