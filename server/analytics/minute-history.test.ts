import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { HistoryPoint } from '../protocol/index.ts';
import { MinuteHistory } from './minute-history.ts';

const home = mkdtempSync(join(tmpdir(), 'dbt-minutes-'));
after(() => rmSync(home, { recursive: true, force: true }));

const point = (at: string, active: number, tps: number | null): HistoryPoint => ({
  at, active, idle: 0, idleInTransaction: 0, blocked: 0, tps, rowsRead: null, rowsWritten: null, cacheHitRatio: null, databaseBytes: 100,
});

test('points are averaged per minute, written when the minute ends, and survive a restart', () => {
  const history = new MinuteHistory(home);
  history.add('a', point('2026-12-01T10:00:05.000Z', 2, null));
  history.add('a', point('2026-12-01T10:00:35.000Z', 4, 10));
  history.add('b', point('2026-12-01T10:00:40.000Z', 9, 1));
  history.add('a', point('2026-12-01T10:01:05.000Z', 6, 20));
  const since = Date.parse('2026-12-01T00:00:00Z');
  assert.deepEqual(history.since('a', since).map((p) => [p.at, p.active, p.tps]), [
    ['2026-12-01T10:00:00.000Z', 3, 10],
    ['2026-12-01T10:01:00.000Z', 6, 20],
  ]);
  history.close();
  const reopened = new MinuteHistory(home);
  assert.equal(reopened.since('a', since).length, 2);
  assert.deepEqual(reopened.since('b', since).map((p) => p.active), [9]);
  reopened.close();
});
