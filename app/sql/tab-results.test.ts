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

/** Lets queued notifications (microtasks; a frame is one too without a browser) run. */
const settle = () => sleep(0);

test('a run\'s columns and first rows show at once; later batches at most every 250 ms; its end at once', async () => {
  let shown = 0;
  const off = tabResults.subscribe(() => shown++);
  const run = fakeRun();
  tabResults.set('tab-1', { run: run as unknown as QueryRun, offset: 0 });
  assert.equal(shown, 0, 'never inside the caller (React may be committing): listeners may render synchronously');
  await settle();
  assert.equal(shown, 1, 'the new run');
  run.change(); // the statement started
  await settle();
  run.change(); // its columns
  await settle();
  assert.equal(shown, 3, 'no rows yet: every change shows');
  run.state.statements.push({ rowCount: 200 });
  run.change(); // the first rows
  await settle();
  assert.equal(shown, 4, 'the first rows show at once');
  run.state.statements[0]!.rowCount = 5200;
  run.change();
  run.state.statements[0]!.rowCount = 10200;
  run.change();
  await settle();
  assert.equal(shown, 4, 'later batches wait for the interval');
  await sleep(300);
  assert.equal(shown, 5, 'both shown in one update');
  await sleep(300);
  assert.equal(shown, 5, 'and only once');
  run.running = false;
  run.change();
  run.change();
  await settle();
  assert.equal(shown, 6, 'the end shows at once, changes made together in one update');
  tabResults.delete('tab-1');
  off();
});

test('the phase changes when a run starts, pauses or ends, not when its rows arrive', () => {
  const run = fakeRun();
  const withState = run as unknown as { state: { id: string; status: string; statements: { rowCount: number }[] } };
  withState.state.id = 'r1';
  withState.state.status = 'running';
  const before = tabResults.phase();
  tabResults.set('tab-2', { run: run as unknown as QueryRun, offset: 0 });
  const started = tabResults.phase();
  assert.notEqual(started, before);
  run.state.statements.push({ rowCount: 5000 });
  assert.equal(tabResults.phase(), started, 'rows arriving');
  run.paused = true;
  const paused = tabResults.phase();
  assert.notEqual(paused, started);
  withState.state.status = 'done';
  assert.notEqual(tabResults.phase(), paused);
  tabResults.delete('tab-2');
  assert.equal(tabResults.phase(), before);
});
