// The built-in dumps' file format: what is written reads back entry by entry, and a file
// that is not one, is cut short, or holds damaged rows fails the quick check saying so.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { checkDumpFile, readDumpFile, writeDumpFile, type DumpEntry } from './logical-dump-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'dbt-dump-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const signal = new AbortController().signal;

async function sample(name: string): Promise<string> {
  const file = join(dir, name);
  await writeDumpFile(file, 'A test dump.', async function* (marker) {
    yield `${marker('drop')}DROP TABLE IF EXISTS t;\n`;
    // A body line that looks like a marker without the file's token stays body text.
    yield `${marker('sql')}CREATE TABLE t (a INT, b TEXT);\n--@000000000000 end\n`;
    yield `${marker('data `t`')}INSERT INTO \`t\` (\`a\`, \`b\`) VALUES\n(1,'x;'),\n(2,'y\\nz');\n`;
  }, signal);
  return file;
}

test('entries read back in order, with the rows of each INSERT counted', async () => {
  const entries: DumpEntry[] = [];
  for await (const entry of readDumpFile(await sample('ok.gz'))) entries.push(entry);
  assert.deepEqual(entries.map((e) => e.kind), ['drop', 'sql', 'data']);
  assert.equal((entries[1] as { sql: string }).sql, 'CREATE TABLE t (a INT, b TEXT);\n--@000000000000 end');
  assert.deepEqual(entries[2], { kind: 'data', table: '`t`', sql: "INSERT INTO `t` (`a`, `b`) VALUES\n(1,'x;'),\n(2,'y\\nz')", rows: 2 });
  assert.equal(await checkDumpFile(join(dir, 'ok.gz'), signal), 'the logical dump reads back complete: 1 statements, 2 rows of 1 tables');
});

test('a cut-short file, another file and damaged rows fail the check, saying which', async () => {
  const text = gunzipSync(readFileSync(await sample('whole.gz'))).toString('utf8');
  writeFileSync(join(dir, 'cut.gz'), gzipSync(text.slice(0, text.lastIndexOf('--@'))));
  await assert.rejects(checkDumpFile(join(dir, 'cut.gz'), signal), { code: 'archive_unreadable', message: /cut short: its end marker is missing/ });
  writeFileSync(join(dir, 'other.gz'), gzipSync('-- MariaDB dump 10.19\nCREATE TABLE t (a INT);\n'));
  await assert.rejects(checkDumpFile(join(dir, 'other.gz'), signal), /not a DB Toolkit logical dump/);
  writeFileSync(join(dir, 'damaged.gz'), gzipSync(text.replace("(2,'y\\nz')", "2,'y")));
  await assert.rejects(checkDumpFile(join(dir, 'damaged.gz'), signal), /rows of `t` are not a well-formed INSERT/);
});
