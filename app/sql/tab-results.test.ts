import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueryRun } from '../lib/query-run.ts';
import { tabResults } from './tab-results.ts';

/** The parts of a run the page's results store reads. */
function fakeRun() {
  const run = {
    state: { statements: [] as { rowCount: number }[] },
    running: true,
    paused: false,
    change: () => {},
    set onChange(listener: () => void) {
      run.change = listener;
    },
    dispose() {},
  };
  return run;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a run\'s columns and first rows show at once; later batches at most every 250 ms; its end at once', async () => {
  let shown = 0;
  const off = tabResults.subscribe(() => shown++);
  const run = fakeRun();
  tabResults.set('tab-1', { run: run as unknown as QueryRun, offset: 0 });
  assert.equal(shown, 1, 'the new run');
  run.change(); // the statement started
  run.change(); // its columns
  assert.equal(shown, 3, 'no rows yet: every change shows');
  run.state.statements.push({ rowCount: 200 });
  run.change(); // the first rows
  assert.equal(shown, 4, 'the first rows show at once');
  run.state.statements[0]!.rowCount = 5200;
  run.change();
  run.state.statements[0]!.rowCount = 10200;
  run.change();
  assert.equal(shown, 4, 'later batches wait for the interval');
  await sleep(300);
  assert.equal(shown, 5, 'both shown in one update');
  run.running = false;
  run.change();
  assert.equal(shown, 6, 'the end shows at once');
  tabResults.delete('tab-1');
  off();
});
