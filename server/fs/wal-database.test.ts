// Two servers sharing a home open its stores at the same moment (CI saw the second one die
// with "database is locked" while switching activity.db to WAL). Real processes race here,
// because SQLite's file locks are per process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'wal-database-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const opener = `
  const { openWalDatabase } = await import(${JSON.stringify(new URL('./wal-database.ts', import.meta.url).href)});
  const file = process.argv[1];
  await new Promise((resolve) => setTimeout(resolve, Number(process.argv[2]) - Date.now()));
  try {
    openWalDatabase(file, 'CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY)').close();
    process.stdout.write('ok');
  } catch (error) {
    process.stdout.write(error.code + ' ' + error.message);
  }
`;

function open(file: string, at: number): Promise<string> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', opener, file, String(at)]);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('close', () => resolve(output)));
}

test('processes opening a new store at the same moment all get it', async () => {
  const outcomes: string[] = [];
  for (let round = 0; round < 12; round++) {
    const file = join(dir, `store-${round}.db`);
    const at = Date.now() + 400;
    outcomes.push(...(await Promise.all([open(file, at), open(file, at), open(file, at)])));
  }
  assert.deepEqual(outcomes.filter((outcome) => outcome !== 'ok'), []);
  assert.equal(outcomes.length, 36);
});
