// Per-connection query history in <home>/history/<connection id>.jsonl: one line per run
// statement, appended; trimmed to the newest entries when it grows past a bound.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import type { HistoryEntry } from '../protocol/index.ts';

const KEEP = 1000;
const TRIM_AT = 1500;
/** Longer statements are kept truncated: history is for finding, not for archiving. */
const MAX_SQL_CHARS = 100_000;

export class QueryHistory {
  readonly #dir: string;
  readonly #counts = new Map<string, number>();

  constructor(home: string) {
    this.#dir = join(home, 'history');
  }

  append(connectionId: string, entry: HistoryEntry): void {
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    const sql = entry.sql.length > MAX_SQL_CHARS ? `${entry.sql.slice(0, MAX_SQL_CHARS)}…` : entry.sql;
    appendFileSync(this.#file(connectionId), `${JSON.stringify({ ...entry, sql })}\n`, { mode: 0o600 });
    const count = (this.#counts.get(connectionId) ?? this.#read(connectionId).length) + 1;
    this.#counts.set(connectionId, count);
    if (count > TRIM_AT) {
      const kept = this.#read(connectionId).slice(-KEEP);
      writeFileAtomicSync(this.#file(connectionId), kept.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
      this.#counts.set(connectionId, kept.length);
    }
  }

  /** Newest first; `query` matches case-insensitively anywhere in the SQL. */
  search(connectionId: string, query: string, limit: number): HistoryEntry[] {
    const needle = query.trim().toLowerCase();
    return this.#read(connectionId)
      .reverse()
      .filter((e) => !needle || e.sql.toLowerCase().includes(needle))
      .slice(0, limit);
  }

  forget(connectionId: string): void {
    rmSync(this.#file(connectionId), { force: true });
    this.#counts.delete(connectionId);
  }

  #file(connectionId: string): string {
    return join(this.#dir, `${connectionId.replace(/[^A-Za-z0-9_-]/g, '_')}.jsonl`);
  }

  #read(connectionId: string): HistoryEntry[] {
    const file = this.#file(connectionId);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          return line ? [JSON.parse(line) as HistoryEntry] : [];
        } catch {
          return []; // a torn last line after a crash
        }
      });
  }
}
