import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BackupManifest } from '../protocol/index.ts';
import { expiredBackups } from './retention.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-12-02T12:00:00Z');
const backup = (id: string, daysAgo: number, verified = false): BackupManifest => ({
  id, connectionId: 'c', connectionName: 'C', engine: 'sqlite', serverVersion: 'SQLite 3', tool: 't', kind: 'full', file: `${id}.sqlite.gz`,
  format: 'gzip', size: 1, sha256: '0'.repeat(64), tableStats: [], startedAt: new Date(now - daysAgo * DAY).toISOString(),
  finishedAt: new Date(now - daysAgo * DAY).toISOString(), durationMs: 1, verification: null, verifiedAt: verified ? 'x' : null, scheduleId: 's',
});
const ids = (list: BackupManifest[]) => list.map((b) => b.id).sort();

test('keep the newest N', () => {
  const list = [backup('a', 0), backup('b', 1), backup('c', 2), backup('d', 3)];
  assert.deepEqual(ids(expiredBackups(list, list, { keepLast: 2, keepDays: null }, now)), ['c', 'd']);
});

test('keep N days', () => {
  const list = [backup('a', 0), backup('b', 5), backup('c', 10)];
  assert.deepEqual(ids(expiredBackups(list, list, { keepLast: null, keepDays: 7 }, now)), ['c']);
});

test('both rules: a backup goes only when beyond both', () => {
  const list = [backup('a', 0), backup('b', 1), backup('c', 2), backup('d', 30)];
  assert.deepEqual(ids(expiredBackups(list, list, { keepLast: 1, keepDays: 7 }, now)), ['d']);
});

test('no rule deletes nothing', () => {
  const list = [backup('a', 0), backup('b', 100)];
  assert.deepEqual(expiredBackups(list, list, { keepLast: null, keepDays: null }, now), []);
});

test('the only verified backup is never deleted', () => {
  const list = [backup('a', 0), backup('b', 1), backup('c', 2, true), backup('d', 3, true)];
  // c and d would go; d is older — the newest verified (c) stays.
  assert.deepEqual(ids(expiredBackups(list, list, { keepLast: 2, keepDays: null }, now)), ['d']);
  // A verified manual backup elsewhere on the connection lets them all go.
  const manual = { ...backup('m', 0, true), scheduleId: null };
  assert.deepEqual(ids(expiredBackups(list, [...list, manual], { keepLast: 2, keepDays: null }, now)), ['c', 'd']);
});
