// Which backups a schedule's retention rule deletes: those beyond the newest `keepLast`
// and older than `keepDays` (with one rule set, beyond that one) — but never the
// connection's only verified backup: if every verified one would go, the newest of them stays.
import type { BackupManifest } from '../protocol/index.ts';

export interface RetentionRule {
  keepLast: number | null;
  keepDays: number | null;
}

/**
 * `scheduled`: the schedule's own backups; `all`: every backup of the connection (to see
 * which verified ones remain). Returns the backups to delete.
 */
export function expiredBackups(scheduled: BackupManifest[], all: BackupManifest[], rule: RetentionRule, now = Date.now()): BackupManifest[] {
  if (rule.keepLast === null && rule.keepDays === null) return [];
  const newestFirst = [...scheduled].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const cutoff = rule.keepDays === null ? null : now - rule.keepDays * 86_400_000;
  const expired = newestFirst.filter((backup, index) => {
    const beyondCount = rule.keepLast === null || index >= rule.keepLast;
    const beyondAge = cutoff === null || Date.parse(backup.startedAt) < cutoff;
    return beyondCount && beyondAge;
  });
  const going = new Set(expired.map((b) => b.id));
  const verified = all.filter((b) => b.verifiedAt !== null).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  if (verified.length > 0 && verified.every((b) => going.has(b.id))) going.delete(verified[0]!.id);
  return expired.filter((b) => going.has(b.id));
}
