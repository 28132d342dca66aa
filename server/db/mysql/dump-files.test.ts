// Reading an archive back: its whole uncompressed size and its last bytes, whatever the
// sizes of the chunks gunzip hands out.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readToEnd } from './dump-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'dbt-dump-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function archive(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, gzipSync(text));
  return file;
}

test('a dump of many chunks reads to its end: every byte counted, the last ones kept', async () => {
  const text = `${'INSERT INTO t VALUES (1,\'x\');\n'.repeat(200_000)}-- Dump completed on 2026-12-03 16:00:00\n`;
  const { bytes, tail } = await readToEnd(archive('big.sql.gz', text), new AbortController().signal);
  assert.equal(bytes, Buffer.byteLength(text));
  assert.equal(tail, text.slice(-512));
  assert.match(tail, /-- Dump completed/);
});

test('a dump shorter than the tail is kept whole', async () => {
  const { bytes, tail } = await readToEnd(archive('small.sql.gz', 'SELECT 1;\n'), new AbortController().signal);
  assert.deepEqual({ bytes, tail }, { bytes: 10, tail: 'SELECT 1;\n' });
});
