// Progress as the UI shows it: rate over the last seconds, ETA at that rate, fraction by
// bytes when both byte counts are known — on a synthetic clock, so the numbers are exact.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressMeter } from './progress-meter.ts';

test('no report, no progress; a first report has no rate or ETA until a second has passed', () => {
  const meter = new ProgressMeter();
  assert.equal(meter.snapshot(0), null);
  meter.update({ phase: 'Dumping', done: 0, total: 100, unit: 'tables' }, 0);
  assert.deepEqual(meter.snapshot(500), {
    phase: 'Dumping', done: 0, total: 100, unit: 'tables', bytes: null, totalBytes: null, rate: null, bytesPerSecond: null, fraction: 0, etaSeconds: null,
  });
});

test('a steady rate gives the time left at that rate', () => {
  const meter = new ProgressMeter();
  for (let second = 0; second <= 4; second++) meter.update({ done: second * 10, total: 100 }, second * 1000);
  const progress = meter.snapshot(4000)!;
  assert.equal(progress.rate, 10);
  assert.equal(progress.fraction, 0.4);
  assert.equal(progress.etaSeconds, 6);
});

test('bytes win over units for the fraction and the ETA when both byte counts are known', () => {
  const meter = new ProgressMeter();
  meter.update({ done: 0, total: 10, bytes: 0, totalBytes: 1000 }, 0);
  meter.update({ done: 9, bytes: 250 }, 2000);
  const progress = meter.snapshot(2000)!;
  assert.equal(progress.bytesPerSecond, 125);
  assert.equal(progress.fraction, 0.25);
  assert.equal(progress.etaSeconds, 6);
});

test('the rate follows the last ten seconds, and falls to zero when the work stalls', () => {
  const meter = new ProgressMeter();
  for (let second = 0; second <= 20; second++) meter.update({ done: second < 10 ? second * 100 : 900 + (second - 9) * 10, total: 10_000 }, second * 1000);
  assert.equal(meter.snapshot(20_000)!.rate, 10, 'the slow last ten seconds, not the fast start');
  assert.equal(meter.snapshot(40_000)!.rate, 0);
  assert.equal(meter.snapshot(40_000)!.etaSeconds, null, 'no ETA at a rate of zero');
});

test('a new phase clears the counts and the rate; counting backwards restarts the rate', () => {
  const meter = new ProgressMeter();
  meter.update({ phase: 'Dumping', done: 50, total: 100, unit: 'tables' }, 0);
  meter.update({ done: 100 }, 2000);
  meter.update({ phase: 'Verifying', bytes: 0, totalBytes: 10 }, 2000);
  const verifying = meter.snapshot(2500)!;
  assert.deepEqual([verifying.done, verifying.total, verifying.unit, verifying.rate], [null, null, null, null]);
  meter.update({ bytes: 8 }, 4000);
  meter.update({ bytes: 2 }, 4500);
  assert.equal(meter.snapshot(5000)!.bytesPerSecond, null, 'history before the step back is dropped');
});

test('a total of zero counts as complete, and nonsense values are ignored', () => {
  const meter = new ProgressMeter();
  meter.update({ done: 0, total: 0 }, 0);
  assert.equal(meter.snapshot(0)!.fraction, 1);
  meter.update({ done: Number.NaN, total: -5 }, 10);
  const progress = meter.snapshot(10)!;
  assert.equal(progress.done, null);
  assert.equal(progress.total, 0);
});

test('once the side work ends, the ETA follows the faster pace that follows — without jumping on its first samples', () => {
  // A dump at 100 rows/s while a checksum query shares the CPU with it; the query ends at
  // 2 s (the work says so), and the dump goes on at 200 rows/s: 1,000 rows, done at 6 s.
  const sideWorkEnds = 2000;
  const doneAt = (ms: number) => (ms < sideWorkEnds ? ms / 10 : 200 + (ms - sideWorkEnds) / 5);
  const meter = new ProgressMeter();
  const etas: { at: number; fraction: number; eta: number | null }[] = [];
  for (let at = 0; at < 6000; at += 250) {
    meter.update({ phase: 'Dumping', done: doneAt(at), total: 1000, unit: 'rows', ...(at === sideWorkEnds ? { paceChanged: true } : {}) }, at);
    const { fraction, etaSeconds } = meter.snapshot(at)!;
    etas.push({ at, fraction: fraction!, eta: etaSeconds });
  }
  const at = (mark: number) => etas.find((e) => e.fraction >= mark)!;
  const truth = (e: { at: number }) => (6000 - e.at) / 1000;
  // A quarter done, a quarter-second into the new pace: still the rate so far (250 rows in 2.25 s).
  assert.equal(at(0.25).eta, 6.8);
  // Three quarters of a second in: the new pace weighs three quarters (200 rows/s against 127 so far).
  assert.equal(etas.find((e) => e.at === sideWorkEnds + 750)!.eta, 3.6);
  // Half-way and three quarters: the rate since the query ended (the whole-phase rate said 3.5 s and 1.6 s).
  for (const mark of [0.5, 0.75]) {
    const e = at(mark);
    assert.ok(Math.abs(e.eta! - truth(e)) <= 0.25 * truth(e), `ETA at ${mark * 100}%: ${e.eta} s, truth ${truth(e)} s`);
  }
  const shown = etas.filter((e) => e.eta !== null).map((e) => e.eta!);
  assert.ok(shown.every((eta, i) => i === 0 || eta <= shown[i - 1]!), `the ETA only falls: ${shown.join(', ')}`);
  meter.update({ phase: 'Hashing', bytes: 0, totalBytes: 100 }, 6000);
  meter.update({ bytes: 10 }, 6500);
  meter.update({ bytes: 50 }, 7000);
  assert.equal(meter.snapshot(7000)!.bytesPerSecond, 50, 'a new phase starts its rate afresh, without the old pace mark');
});
