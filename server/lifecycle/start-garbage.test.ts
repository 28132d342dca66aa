// The collection after the start gives back the young generation a burst of allocation
// grew, and leaves no gc() behind on the global object.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { SERVER_NODE_FLAGS } from '../runtime-flags.ts';

const CHILD = `
import { getHeapSpaceStatistics } from 'node:v8';
import { collectStartGarbage } from ${JSON.stringify(join(import.meta.dirname, 'start-garbage.ts'))};
const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
let keep = [];
for (let i = 0; i < 2e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 2e4) keep = []; }
const grown = newSpace();
collectStartGarbage(0);
setTimeout(() => console.log(JSON.stringify({ grown, after: newSpace(), gcLeft: typeof globalThis.gc })), 50);
`;

test('after a burst of allocation, the young generation shrinks and gc() is not left on globalThis', () => {
  const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '--input-type=module', '-e', CHILD], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const { grown, after, gcLeft } = JSON.parse(run.stdout) as { grown: number; after: number; gcLeft: string };
  assert.ok(after < grown / 2, `new space ${grown} → ${after} bytes`);
  assert.equal(gcLeft, 'undefined');
});
