// SQLite's part of imports: a worker thread of the import's own (import.worker.ts) inserts
// the rows, values bound, inside the import's transaction; a CSV imported in one
// transaction is read, checked and inserted there whole (import-load.ts).
import { Worker } from 'node:worker_threads';
import type { EngineImport, FileSource, ImportTable, ImportWriter } from '../../imports/engine.ts';
import { ImportError } from '../../imports/errors.ts';
import { workerUrl } from '../../lib/worker-url.ts';
import type { ImportColumnType } from '../../protocol/index.ts';
import type { ImportWorkerCancel, ImportWorkerReply, ImportWorkerRequest } from './import-protocol.ts';
import { sqliteValueStyle } from './import-style.ts';

const SQL_TYPES: Record<ImportColumnType, string> = {
  integer: 'INTEGER',
  numeric: 'REAL',
  boolean: 'BOOLEAN', // NUMERIC affinity: stored as 1 / 0
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  text: 'TEXT',
};

/** A request's answer (progress reports go to the running load's callback instead). */
type Answer = Exclude<ImportWorkerReply, { progress: unknown }>;

/** One request's fields besides its id, for each kind of request. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export const sqliteImport: EngineImport<'sqlite'> = {
  style: sqliteValueStyle,
  sqlType: (type) => SQL_TYPES[type],
  classify(sqlType) {
    // SQLite's affinity rules (a declared type containing INT is an integer column…).
    const type = sqlType.toUpperCase();
    if (type.includes('BOOL')) return 'boolean';
    if (type.includes('INT')) return 'integer';
    if (/REAL|FLOA|DOUB|NUMERIC|DECIMAL/.test(type)) return 'numeric';
    if (/TIMESTAMPTZ|WITH TIME ZONE/.test(type)) return 'timestamptz';
    if (/DATETIME|TIMESTAMP/.test(type)) return 'timestamp';
    if (type === 'DATE') return 'date';
    return 'text';
  },
  // Small batches (per-batch mode, JSON): each is copied to the worker thread; fewer rows in flight, less memory.
  batchRows: 2_000,
  refuses: (target) => (target.readOnly ? 'This connection is read-only: nothing can be imported into it.' : null),
  async open(target, table) {
    // A small young generation: the import's garbage is collected sooner (measured: memory
    // growth 31–65 MB instead of 80–100 on the 1 M-row bench, at the same speed).
    const worker = new Worker(workerUrl('import', import.meta.url), { workerData: { file: target.file }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    const writer = new SqliteWriter(worker, table);
    await writer.exec('SELECT 1'); // fails here if the file cannot be opened
    return writer;
  },
};

class SqliteWriter implements ImportWriter {
  readonly #worker: Worker;
  /** INSERT INTO "table" ("a", "b"), without VALUES. */
  readonly #into: string;
  readonly #pending = new Map<number, PromiseWithResolvers<Answer>>();
  /** The running load's progress callback. */
  #progress: ((rows: number, bytes: number) => void) | null = null;
  #nextId = 1;
  #stopped: Error | null = null;

  constructor(worker: Worker, table: ImportTable) {
    this.#worker = worker;
    const name = table.schema && table.schema !== 'main' ? `${quote(table.schema)}.${quote(table.name)}` : quote(table.name);
    this.#into = `INSERT INTO ${name} (${table.columns.map(quote).join(', ')})`;
    worker.on('message', (reply: ImportWorkerReply) => {
      if ('progress' in reply) {
        this.#progress?.(reply.progress.rows, reply.progress.bytes);
        return;
      }
      this.#pending.get(reply.id)?.resolve(reply);
      this.#pending.delete(reply.id);
    });
    const stop = (error: Error) => {
      this.#stopped ??= error;
      for (const pending of this.#pending.values()) pending.reject(this.#stopped);
      this.#pending.clear();
    };
    worker.on('error', (error) => stop(new ImportError(`SQLite: ${error.message}`)));
    worker.on('exit', () => stop(new ImportError('The SQLite import stopped.')));
  }

  async #request(request: WithoutId<ImportWorkerRequest>): Promise<Answer> {
    if (this.#stopped) throw this.#stopped;
    const id = this.#nextId++;
    const pending = Promise.withResolvers<Answer>();
    this.#pending.set(id, pending);
    this.#worker.postMessage({ ...request, id });
    return pending.promise;
  }

  async exec(sql: string): Promise<void> {
    const reply = await this.#request({ type: 'exec', sql });
    if (!reply.ok) throw new ImportError(reply.message, null, 'rejected_by_database');
  }

  async importFile(source: FileSource, progress: (rows: number, bytes: number) => void): Promise<number> {
    this.#progress = progress;
    try {
      const reply = await this.#request({ type: 'load', into: this.#into, source });
      if (!reply.ok) throw new ImportError(reply.message, reply.line ?? null, (reply.code ?? 'import_failed') as never);
      return reply.rows ?? 0;
    } finally {
      this.#progress = null;
    }
  }

  begin = () => this.exec('BEGIN IMMEDIATE');
  commit = () => this.exec('COMMIT');
  rollback = () => this.exec('ROLLBACK');

  async insert(rows: (string | null)[][], lines: number[]): Promise<void> {
    const reply = await this.#request({ type: 'insert', into: this.#into, rows });
    if (!reply.ok) {
      const line = lines[reply.row ?? 0] ?? null;
      throw new ImportError(`Line ${line}: ${reply.message}`, line, 'rejected_by_database');
    }
  }

  abort(): void {
    // A load stops at its next chunk; an insert batch takes milliseconds and the job checks
    // for cancel before each one. The job then rolls back. (Killing the thread would leave
    // SQLite's file locks held by this process.)
    const cancel: ImportWorkerCancel = { type: 'cancel' };
    if (!this.#stopped) this.#worker.postMessage(cancel);
  }

  async close(): Promise<void> {
    if (!this.#stopped) await this.#request({ type: 'close' }).catch(() => {});
    await this.#worker.terminate();
  }
}
