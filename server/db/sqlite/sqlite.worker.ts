// The SQLite worker: one connection, driven by messages (worker-protocol.ts). better-sqlite3
// is synchronous, so all SQLite work happens here, off the server's event loop.
//
// It runs as a worker thread (a driver's metadata connection) or as a child process (a
// query session): a statement stuck inside one long sqlite3_step() — a big sort, an
// aggregate, a bulk UPDATE — can only be stopped by ending the process; a thread cannot be
// terminated while it is in native code.
import { parentPort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { SqliteMetadata, ObjectNotFound } from './metadata.ts';
import { OpenFailure } from './file-check.ts';
import { openDatabase } from './open-database.ts';
import { errorPosition } from './sql-text.ts';
import { StatementRunner } from './statement-runner.ts';
import { runDataStatement } from './table-data-worker.ts';
import type { MetadataMethod, StatementStep, WorkerFailure, WorkerMessage, WorkerReply } from './worker-protocol.ts';

interface Channel {
  send(reply: WorkerReply): void;
  onMessage(handler: (message: WorkerMessage) => void): void;
}

const channel: Channel = parentPort
  ? { send: (reply) => parentPort!.postMessage(reply), onMessage: (handler) => parentPort!.on('message', handler) }
  : { send: (reply) => process.send!(reply), onMessage: (handler) => process.on('message', (m) => handler(m as WorkerMessage)) };

// As a child process: the server went away (even killed) → nothing left to serve.
if (!parentPort) process.on('disconnect', () => process.exit(0));

let db: Database.Database | null = null;
let metadata: SqliteMetadata | null = null;
let runner: StatementRunner | null = null;
let lastSql = '';

function handle(message: WorkerMessage): unknown {
  if (message.op === 'open') {
    db = openDatabase(message.options);
    // Enforce foreign keys in sessions (the CLI leaves them off): a workbench should not
    // let a DELETE silently orphan rows.
    if (!message.options.readOnly) db.pragma('foreign_keys = ON');
    metadata = new SqliteMetadata(db);
    // A session process sends batches packed (StatementStep.packed).
    runner = new StatementRunner(db, !parentPort);
    return null;
  }
  if (!db || !metadata || !runner) throw new Error('The database is not open.');
  switch (message.op) {
    case 'metadata': {
      const method = metadata[message.method as MetadataMethod] as (...args: unknown[]) => unknown;
      return method.apply(metadata, message.args);
    }
    case 'run':
      lastSql = message.sql;
      return runner.run(message.sql, message.batchSize);
    case 'next':
      return runner.next(message.batchSize);
    case 'release':
      runner.release();
      return null;
    case 'data':
      lastSql = message.sql;
      return runDataStatement(db, message.sql, message.params);
    case 'close':
      runner.release();
      db.close();
      db = null;
      setImmediate(() => (parentPort ? parentPort.close() : process.disconnect()));
      return null;
  }
}

function failure(error: unknown, message: WorkerMessage): WorkerFailure {
  const { code, message: text } = error as { code?: unknown; message?: unknown };
  const description = typeof text === 'string' ? text : String(error);
  if (error instanceof OpenFailure) return { kind: 'open', message: description, code: null, position: null };
  if (error instanceof ObjectNotFound) return { kind: 'not_found', message: description, code: null, position: null };
  const statement = message.op === 'run' || message.op === 'next' || message.op === 'data' ? lastSql : null;
  return {
    kind: 'database',
    message: description === 'The supplied SQL string contains no statements' ? 'Nothing to run: the statement is empty.' : description,
    code: typeof code === 'string' ? code : null,
    position: statement === null ? null : errorPosition(statement, description, failureOf),
  };
}

/** The error SQLite reports when preparing `sql`, or null if it prepares. */
function failureOf(sql: string): string | null {
  try {
    db!.prepare(sql);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

channel.onMessage((message) => {
  try {
    const value = handle(message);
    channel.send({ id: message.id, ok: true, value });
    // A batch went out with more to come: read the next one while the server handles it.
    if ((message.op === 'run' || message.op === 'next') && !(value as StatementStep).done) {
      setImmediate(() => runner?.readAhead(message.batchSize));
    }
  } catch (error) {
    channel.send({ id: message.id, ok: false, failure: failure(error, message) });
  }
});
