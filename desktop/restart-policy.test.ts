import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartPolicy } from './restart-policy.ts';

const limits = { maxRestarts: 4, windowMs: 10_000, backoffFirstMs: 250, backoffMaxMs: 1_000 };

test('after a healthy run the restart is immediate; failed attempts back off, doubling up to the cap', () => {
  const policy = new RestartPolicy(limits);
  const delays = [0, 1, 2, 3].map((t) => (policy.next(t) as { delayMs: number }).delayMs);
  assert.deepEqual(delays, [0, 250, 500, 1000]);
});

test('healthy() makes the next restart immediate again', () => {
  const policy = new RestartPolicy(limits);
  policy.next(0);
  policy.next(1);
  policy.healthy();
  assert.deepEqual(policy.next(2), { restart: true, delayMs: 0, attemptsInWindow: 3 });
});

test('past maxRestarts within the window it refuses; attempts older than the window no longer count', () => {
  const policy = new RestartPolicy(limits);
  for (let t = 0; t < 4; t++) assert.equal(policy.next(t).restart, true);
  assert.deepEqual(policy.next(5), { restart: false, attemptsInWindow: 4 });
  assert.equal(policy.next(10_001).restart, true, 'the first attempts have left the window');
});

test('reset() forgets everything (the user chose Retry)', () => {
  const policy = new RestartPolicy(limits);
  for (let t = 0; t < 4; t++) policy.next(t);
  policy.reset();
  assert.deepEqual(policy.next(5), { restart: true, delayMs: 0, attemptsInWindow: 1 });
});
