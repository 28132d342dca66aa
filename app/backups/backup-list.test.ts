import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BackupManifest } from '../../server/protocol/index.ts';
import { BackupList } from './backup-list.ts';

const backup = (id: string, startedAt: string, verifiedAt: string | null = null): BackupManifest => ({
  id, connectionId: 'c', connectionName: 'C', engine: 'sqlite', serverVersion: 'SQLite 3', tool: 't', kind: 'full', file: `${id}.sqlite.gz`, format: 'gzip',
  size: 1, sha256: '0'.repeat(64), tableStats: [], startedAt, finishedAt: startedAt, durationMs: 1, verification: null, verifiedAt, scheduleId: null,
});

test('the list on open replaces everything; changes and deletions apply; newest first', () => {
  const list = new BackupList();
  let notified = 0;
  list.subscribe(() => notified++);
  list.apply({ type: 'backups', backups: [backup('old', '2026-01-01T00:00:00Z'), backup('stale', '2026-01-02T00:00:00Z')] });
  list.apply({ type: 'backups', backups: [backup('old', '2026-01-01T00:00:00Z')] }); // a reconnect: "stale" is gone
  list.apply({ type: 'backup', backup: backup('new', '2026-02-01T00:00:00Z') });
  list.apply({ type: 'backup', backup: backup('old', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z') });
  assert.deepEqual(list.backups.map((b) => b.id), ['new', 'old']);
  assert.equal(list.backups[1]!.verifiedAt, '2026-03-01T00:00:00Z');
  list.apply({ type: 'backup_deleted', backupId: 'new' });
  list.apply({ type: 'pong', id: 'x' }); // not the list's: ignored
  assert.deepEqual(list.backups.map((b) => b.id), ['old']);
  assert.equal(notified, 5);
});
