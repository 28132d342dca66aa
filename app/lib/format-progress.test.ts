// What a job's progress line says: counted work with its unit, work counted in bytes as sizes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobProgress } from '../../server/protocol/index.ts';
import { formatAmount, formatRate } from './format-progress.ts';

const progress = (fields: Partial<JobProgress>): JobProgress => ({
  phase: 'Dumping', done: null, total: null, unit: null, bytes: null, totalBytes: null, rate: null, bytesPerSecond: null, fraction: null, etaSeconds: null, ...fields,
});

test('rows read as counts, with the file written beside them', () => {
  const p = progress({ done: 1200, total: 5000, unit: 'rows', bytes: 13_000_000, rate: 850, bytesPerSecond: 3_200_000 });
  assert.equal(formatAmount(p), '1,200 / 5,000 rows · 13 MB written');
  assert.equal(formatRate(p), '850 rows/s · 3.2 MB/s');
});

test('work counted in bytes reads as sizes of data, not as a long count of bytes', () => {
  const p = progress({ done: 120_000_000, total: 251_000_000, unit: 'bytes', bytes: 20_000_000, rate: 31_000_000, bytesPerSecond: 5_000_000 });
  assert.equal(formatAmount(p), '120 MB / 251 MB of data · 20 MB written');
  assert.equal(formatRate(p), '31 MB/s of data · 5.0 MB/s');
});

test('bytes with a total read as how far through a file the work is', () => {
  const p = progress({ phase: 'Restoring', bytes: 40_000_000, totalBytes: 96_000_000 });
  assert.equal(formatAmount(p), '40 MB / 96 MB');
});
