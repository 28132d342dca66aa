// Status: the folder's files against the history table — applied, pending, changed since
// applied (checksum), missing file, dirty — and the plans migrate and rollback follow.
import { AppError, BadRequestError } from '../errors.ts';
import type { MigrationHistoryRow, MigrationStatusRow } from '../protocol/index.ts';
import { compareVersions, type MigrationPair } from './files.ts';

export function statusRows(files: MigrationPair[], history: MigrationHistoryRow[]): MigrationStatusRow[] {
  const byVersion = new Map(history.map((row) => [row.version, row]));
  const rows: MigrationStatusRow[] = files.map((pair) => {
    const applied = byVersion.get(pair.version);
    byVersion.delete(pair.version);
    const state = !applied ? 'pending' : applied.dirty ? 'dirty' : !pair.up ? 'missing_file' : pair.up.sha256 !== applied.checksum ? 'changed' : 'applied';
    return row(pair.version, applied?.name ?? pair.name, pair, applied, state);
  });
  for (const applied of byVersion.values()) rows.push(row(applied.version, applied.name, null, applied, applied.dirty ? 'dirty' : 'missing_file'));
  return rows.sort((a, b) => compareVersions(a.version, b.version));
}

function row(version: string, name: string, pair: MigrationPair | null, applied: MigrationHistoryRow | undefined, state: MigrationStatusRow['state']): MigrationStatusRow {
  return {
    version,
    name,
    upFile: pair?.up?.file ?? null,
    downFile: pair?.down?.file ?? null,
    state,
    appliedAt: applied?.appliedAt ?? null,
    durationMs: applied?.durationMs ?? null,
    appliedChecksum: applied?.checksum ?? null,
    fileChecksum: pair?.up?.sha256 ?? null,
    statementsDone: applied?.dirty ? applied.statementsDone : null,
    direction: applied?.dirty ? applied.direction : null,
  };
}

const isApplied = (row: MigrationStatusRow) => row.state !== 'pending';

export class DirtyError extends AppError {
  constructor(row: MigrationStatusRow) {
    super(
      'dirty',
      `Version ${row.version} (${row.name}) is dirty: its ${row.direction === 'down' ? 'rollback' : 'migration'} stopped after ${row.statementsDone} statement(s) and could not be undone. Fix the database by hand, then resolve it as applied or not applied.`,
      409,
    );
  }
}

/** Pending migrations up to `toVersion` (inclusive), ascending. A dirty version blocks. */
export function migratePlan(rows: MigrationStatusRow[], toVersion?: string): MigrationStatusRow[] {
  const dirty = rows.find((r) => r.state === 'dirty');
  if (dirty) throw new DirtyError(dirty);
  if (toVersion !== undefined && !rows.some((r) => r.version === String(BigInt(toVersion)))) throw new BadRequestError(`There is no migration with version ${toVersion}.`);
  return rows.filter((r) => r.state === 'pending' && r.upFile && (toVersion === undefined || compareVersions(r.version, toVersion) <= 0));
}

/** Applied migrations to undo, newest first: `steps` of them, or all above `toVersion`. Each needs its down file. */
export function rollbackPlan(rows: MigrationStatusRow[], by: { steps?: number | undefined; toVersion?: string | undefined }): MigrationStatusRow[] {
  const dirty = rows.find((r) => r.state === 'dirty');
  if (dirty) throw new DirtyError(dirty);
  const applied = rows.filter(isApplied).reverse();
  const plan = by.toVersion !== undefined ? applied.filter((r) => compareVersions(r.version, by.toVersion!) > 0) : applied.slice(0, by.steps ?? 1);
  const missing = plan.find((r) => !r.downFile);
  if (missing) throw new AppError('no_down_file', `Version ${missing.version} (${missing.name}) has no .down.sql file, so it cannot be rolled back.`, 409);
  return plan;
}
