import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryCancelledError } from '../db/errors.ts';
import { FlowControl } from './flow-control.ts';

const MB = 1024 * 1024;
const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true), () => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

test('sending goes on while a few MB are in flight, pauses above the window, resumes once the socket wrote enough', async () => {
  const flow = new FlowControl(Number.MAX_SAFE_INTEGER);
  const written = Array.from({ length: 5 }, () => flow.sending(MB));
  const waiting = flow.waitForDrain(() => 0);
  assert.equal(await settled(waiting), false, '5 MB in flight: wait');
  written[0]!();
  written[1]!();
  assert.equal(await settled(waiting), false, '3 MB still in flight: not yet under the low mark');
  written[2]!();
  assert.equal(await settled(waiting), true, '2 MB: resumed by the write callback, no timer');
  const few = new FlowControl(Number.MAX_SAFE_INTEGER);
  few.sending(3 * MB);
  assert.equal(await settled(few.waitForDrain(() => 0)), true, '3 MB in flight is within the window');
});

test('a cancel wakes a query waiting for the socket', async () => {
  const flow = new FlowControl(Number.MAX_SAFE_INTEGER);
  flow.sending(10 * MB);
  const waiting = flow.waitForDrain(() => 0);
  flow.cancel();
  await assert.rejects(waiting, QueryCancelledError);
});

test('credit: waits once the client has what it asked for, until it asks for more', async () => {
  const flow = new FlowControl(100);
  flow.consume(100);
  const waiting = flow.waitForCredit();
  assert.equal(await settled(waiting), false);
  flow.grant(50);
  assert.equal(await settled(waiting), true);
});
