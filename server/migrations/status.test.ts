import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MigrationHistoryRow } from '../protocol/index.ts';
import type { MigrationPair } from './files.ts';
import { migratePlan, rollbackPlan, statusRows } from './status.ts';

const pair = (version: string, name: string, sha = `sha${version}`, down = true): MigrationPair => ({
  version, name, up: { file: `${version}_${name}.up.sql`, sha256: sha }, down: down ? { file: `${version}_${name}.down.sql`, sha256: 'd' } : null,
});
const applied = (version: string, checksum = `sha${version}`, extra: Partial<MigrationHistoryRow> = {}): MigrationHistoryRow => ({
  version, name: `n${version}`, checksum, appliedAt: '2026-01-01T00:00:00.000Z', durationMs: 5, dirty: false, statementsDone: 1, direction: 'up', ...extra,
});

test('status: applied, pending, changed, missing file, dirty — in version order', () => {
  const rows = statusRows([pair('1', 'a'), pair('2', 'b', 'edited'), pair('10', 'c'), pair('4', 'd')], [applied('1'), applied('2'), applied('3'), applied('4', 'sha4', { dirty: true, statementsDone: 2 })]);
  assert.deepEqual(rows.map((r) => `${r.version}:${r.state}`), ['1:applied', '2:changed', '3:missing_file', '4:dirty', '10:pending']);
  assert.deepEqual([rows[3]!.statementsDone, rows[3]!.direction], [2, 'up']);
});

test('plans: migrate up to a version; rollback by steps or to a version; a dirty version or a missing down file refuses', () => {
  const rows = statusRows([pair('1', 'a'), pair('2', 'b'), pair('3', 'c'), pair('4', 'd')], [applied('1'), applied('2')]);
  assert.deepEqual(migratePlan(rows).map((r) => r.version), ['3', '4']);
  assert.deepEqual(migratePlan(rows, '3').map((r) => r.version), ['3']);
  assert.throws(() => migratePlan(rows, '7'), /no migration with version 7/);
  assert.deepEqual(rollbackPlan(rows, {}).map((r) => r.version), ['2']);
  assert.deepEqual(rollbackPlan(rows, { steps: 5 }).map((r) => r.version), ['2', '1']);
  assert.deepEqual(rollbackPlan(rows, { toVersion: '1' }).map((r) => r.version), ['2']);
  const noDown = statusRows([pair('1', 'a', 'sha1', false)], [applied('1')]);
  assert.throws(() => rollbackPlan(noDown, {}), /has no \.down\.sql file/);
  const dirty = statusRows([pair('1', 'a'), pair('2', 'b')], [applied('1', 'sha1', { dirty: true, statementsDone: 3 })]);
  assert.throws(() => migratePlan(dirty), /Version 1 \(n1\) is dirty: its migration stopped after 3 statement/);
  assert.throws(() => rollbackPlan(dirty, {}), /is dirty/);
});
