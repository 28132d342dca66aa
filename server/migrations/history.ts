// The history table, read and written through one QuerySession: one row per applied (or
// dirty) version. Plain SQL with literals — every value written is a number, a name from a
// file name, a hex digest or a date.
import type { QuerySession } from '../db/driver.ts';
import type { MigrationHistoryRow } from '../protocol/index.ts';
import { HISTORY_TABLE, literal, runSql, scalar, type EngineMigrations } from './engine.ts';

export class History {
  readonly session: QuerySession;
  readonly engine: EngineMigrations;
  constructor(session: QuerySession, engine: EngineMigrations) {
    this.session = session;
    this.engine = engine;
  }

  async exists(): Promise<boolean> {
    return Number(await scalar(this.session, this.engine.historyExists)) > 0;
  }

  async ensure(): Promise<void> {
    await runSql(this.session, this.engine.historyDdl);
  }

  /** Every row, ascending by version; none when the table does not exist yet. */
  async rows(): Promise<MigrationHistoryRow[]> {
    if (!(await this.exists())) return [];
    const { rows } = await runSql(
      this.session,
      `SELECT version, name, checksum, ${this.engine.appliedAtText}, duration_ms, dirty, statements_done, direction FROM ${HISTORY_TABLE} ORDER BY version`,
    );
    return rows.map(([version, name, checksum, appliedAt, duration, dirty, done, direction]) => ({
      version: version!,
      name: name!,
      checksum: checksum!.trim(),
      appliedAt: new Date(appliedAt!).toISOString(),
      durationMs: Number(duration),
      dirty: dirty === '1',
      statementsDone: Number(done),
      direction: direction === 'down' ? 'down' : 'up',
    }));
  }

  async row(version: string): Promise<MigrationHistoryRow | undefined> {
    return (await this.rows()).find((r) => r.version === version);
  }

  async insert(entry: { version: string; name: string; checksum: string; durationMs: number; dirty: boolean; statementsDone: number }): Promise<void> {
    await runSql(
      this.session,
      `INSERT INTO ${HISTORY_TABLE} (version, name, checksum, applied_at, duration_ms, dirty, statements_done, direction) VALUES (${entry.version}, ${literal(entry.name)}, ${literal(entry.checksum)}, ${this.engine.timestamp(new Date())}, ${Math.round(entry.durationMs)}, ${entry.dirty ? 1 : 0}, ${entry.statementsDone}, 'up')`,
    );
  }

  async update(version: string, fields: { dirty?: boolean; statementsDone?: number; durationMs?: number; direction?: 'up' | 'down' }): Promise<void> {
    const sets = [
      fields.dirty === undefined ? null : `dirty = ${fields.dirty ? 1 : 0}`,
      fields.statementsDone === undefined ? null : `statements_done = ${fields.statementsDone}`,
      fields.durationMs === undefined ? null : `duration_ms = ${Math.round(fields.durationMs)}`,
      fields.direction === undefined ? null : `direction = '${fields.direction}'`,
    ].filter(Boolean);
    await runSql(this.session, `UPDATE ${HISTORY_TABLE} SET ${sets.join(', ')} WHERE version = ${version}`);
  }

  async remove(version: string): Promise<void> {
    await runSql(this.session, `DELETE FROM ${HISTORY_TABLE} WHERE version = ${version}`);
  }
}
